/* SHA-256 (FIPS 180-4), for content keys and checksums where a collision must be infeasible: the
 * seccomp cache names compiled filters by the hash of their profile, so a weak hash would let one
 * profile be served another's filter. */
#ifndef STOKE_SHA256_H
#define STOKE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define ST_SHA256_LEN 32

struct st_sha256
{
  uint32_t h[8];
  uint64_t total; /* bytes hashed so far */
  unsigned char block[64];
  size_t used; /* bytes waiting in block */
};

void st_sha256_init (struct st_sha256 *c);
void st_sha256_update (struct st_sha256 *c, const void *data, size_t len);
void st_sha256_final (struct st_sha256 *c, unsigned char out[ST_SHA256_LEN]);

/* One-shot digest of a buffer. */
void st_sha256 (const void *data, size_t len, unsigned char out[ST_SHA256_LEN]);

/* Lower-case hex of a digest into out (2 * ST_SHA256_LEN + 1 bytes). */
void st_sha256_hex (const unsigned char digest[ST_SHA256_LEN], char out[2 * ST_SHA256_LEN + 1]);

#endif
