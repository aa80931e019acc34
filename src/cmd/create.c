#include "cmd/cmd.h"

int
cmd_create (struct st_globals *g, int argc, char **argv, st_err *err)
{
  struct st_create_opts o;
  struct st_created cr;
  bool detach = false, keep = false;
  int r = st_cmd_parse_create (g, false, argc, argv, &o, &detach, &keep, err);

  if (r != 0)
    return r < 0 ? -1 : 0;
  if (st_container_create (&o, &cr, err) < 0)
    return -1;
  st_container_free (cr.container);
  return 0;
}
