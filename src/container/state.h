/* A container's state directory, <root>/<id>/: state.json (the OCI state plus what stoke needs to
 * find the container again), config.json (the config it was created from, for delete's hooks)
 * and start (the socket the waiting init accepts `start` on; present only while created).
 * The directory fd is flock'ed by create, start and delete; readers take no lock, since
 * state.json is only ever replaced by rename. */
#ifndef STOKE_STATE_H
#define STOKE_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "oci-spec/oci.h"
#include "util/error.h"
#include "util/proc.h"

#define ST_START_SOCKET "start"
#define ST_STATE_FILE   "state.json"
#define ST_CONFIG_FILE  "config.json"

enum st_status
{
  ST_CREATING,
  ST_CREATED,
  ST_RUNNING,
  ST_STOPPED,
};

struct st_container
{
  char *id;
  int dirfd;               /* the state directory, flock'ed */
  struct oci_state *state; /* NULL while creating, or if the creator died */
};

const char *st_status_name (enum st_status s);

/* Make <root>/<id> (failing if it exists) and lock it exclusively. */
int st_container_new (const char *root, const char *id, struct st_container **out, st_err *err);

/* Open an existing container, locked when exclusive; loads state.json if present. */
int st_container_load (const char *root, const char *id, bool exclusive, struct st_container **out,
                       st_err *err);

int st_container_save (struct st_container *c, st_err *err);

/* Status from the recorded pid, its start time and boot id, and the start socket. */
enum st_status st_container_status (struct st_container *c);

/* Remove the state directory. */
int st_container_remove_dir (const char *root, struct st_container *c, st_err *err);

void st_container_free (struct st_container *c);
static inline void
st_container_freep (struct st_container **c)
{
  st_container_free (*c);
}
#define cleanup_container __attribute__ ((cleanup (st_container_freep)))

/* /proc/sys/kernel/random/boot_id, cached. */
const char *st_boot_id (void);

/* The OCI state JSON of c (status and pid as now), for `state` and hooks. */
int st_container_state_json (struct st_container *c, enum st_status status, char **out,
                             st_err *err);

#endif
