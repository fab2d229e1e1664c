/* xv6's types.h for programs built on Linux against include/vuos/xv6sock.h (see user.h). */
#ifndef XV6_SHIM_TYPES_H
#define XV6_SHIM_TYPES_H

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;
typedef uint pde_t;

#endif
