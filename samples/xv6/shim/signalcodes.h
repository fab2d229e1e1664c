/* The xv6 socket kernel's signalcodes.h: its E_* codes are those of include/vuos/xv6sock.h. Its own
 * NULL and EXIT_SUCCESS are left to libc, which defines them with the same values. */
#ifndef XV6_SHIM_SIGNALCODES_H
#define XV6_SHIM_SIGNALCODES_H

#include <vuos/xv6sock.h>

#endif
