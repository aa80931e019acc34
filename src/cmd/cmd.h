/* The subcommands: each parses its own flags and calls into src/container. */
#ifndef STOKE_CMD_H
#define STOKE_CMD_H

#include <stdbool.h>

#include "container/container.h"
#include "util/error.h"

/* Global options, as given before the command name. */
struct st_globals
{
  const char *root; /* state root, never NULL after main */
  const char *log;
  enum st_log_format log_format;
  enum st_log_level log_level;
  bool debug;
  bool rootless;
  enum st_cgroup_manager cgroup_manager;
};

typedef int (*st_cmd_fn) (struct st_globals *g, int argc, char **argv, st_err *err);

#define ST_COMMANDS(X)                                                                             \
  X (create, "create a container from a bundle, waiting before the user process")                  \
  X (start, "start the user process of a created container")                                       \
  X (run, "create and start a container")                                                          \
  X (exec, "run a process in a running container")                                                 \
  X (state, "print the state of a container as JSON")                                              \
  X (list, "list the containers")                                                                  \
  X (kill, "send a signal to a container's init process")                                          \
  X (delete, "delete a container and everything it holds")                                         \
  X (spec, "write a default config.json")                                                          \
  X (features, "print the features stoke implements as JSON")

#define ST_CMD_DECL(name, summary)                                                                 \
  int cmd_##name (struct st_globals *g, int argc, char **argv, st_err *err);
ST_COMMANDS (ST_CMD_DECL)

/* Shared by the commands: print "Usage: stoke NAME USAGE" and the option lines. */
void st_usage (const char *name, const char *usage, const char *options);

/* The error for a getopt failure (unknown option, missing value). */
int st_cmd_unknown_option (const char *cmd, int argc, char **argv, st_err *err);

/* Exactly one positional argument left: the container id. */
int st_cmd_one_id (const char *cmd, int argc, char **argv, const char **id, st_err *err);

/* create's and run's flags; returns 1 when --help was printed. */
int st_cmd_parse_create (struct st_globals *g, bool run, int argc, char **argv,
                         struct st_create_opts *o, bool *detach, bool *keep, st_err *err);

#endif
