#include "cmd/cmd.h"

int
cmd_run (struct st_globals *g, int argc, char **argv, st_err *err)
{
  struct st_create_opts o;
  bool detach = false, keep = false;
  int r = st_cmd_parse_create (g, true, argc, argv, &o, &detach, &keep, err);

  if (r != 0)
    return r < 0 ? -1 : 0;
  if (detach && keep)
    return st_fail (err, 0, "run: --keep and --detach cannot be used together");
  return st_container_run (&o, detach, keep, err);
}
