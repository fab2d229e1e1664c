/*
 * vulib: the system calls VUOS adds, for programs running under a Vuos.Net supervisor (source compatible
 * with VUOS's include/vulib.h: the same numbers, constants, structure and wrappers).
 *
 *   vu_insmod(module, permanent)   load a module: the supervisor's are built in (vunet, msocket, netfs, xv6),
 *                                  so this succeeds for them and fails with ENOENT for others
 *   vu_rmmod(module)               unload one (a removed vunet refuses new stack mounts with ENODEV)
 *   vu_lsmod(buf, len)             "name: description\n" per loaded module; returns the length with the NUL
 *   vuctl(VUCTL_GETINFO, &info)    uname, the server id (the supervisor's pid) and the view's name;
 *                                  vu_check() is 0 under a supervisor, -1 with ENOSYS elsewhere
 *   vuctl(VUCTL_SETNAME, name)     names the view (the whole session)
 *   msocket(...)                   see msocket.h
 *
 * Debug tags (VUCTL_*_DEBUGTAGS, VUCTL_SET_DEBUGCOLOR) are accepted and do nothing: the supervisor's log is
 * `vuos run --trace`. Outside a supervisor every call fails with ENOSYS.
 */
#ifndef VUOS_VULIB_H
#define VUOS_VULIB_H

#include <stddef.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "msocket.h"

/* VUOS's virtual system call numbers: negative, so no kernel will ever assign them. */
#define __NR_vu_insmod (-1)
#define __NR_vu_rmmod (-2)
#define __NR_vu_lsmod (-3)
#define __NR_vuctl (-4)

/* vuctl tags */
#define VUCTL_GETINFO 1
#define VUCTL_SETNAME 2
#define VUCTL_GET_DEBUGTAGS 3
#define VUCTL_ADD_DEBUGTAGS 4
#define VUCTL_DEL_DEBUGTAGS 5
#define VUCTL_GET_DEBUGTAGNAME 6
#define VUCTL_SET_DEBUGCOLOR 7

/* VUCTL_GETINFO fills this. */
struct vu_info {
    struct utsname uname;
    char vu_serverid[_UTSNAME_LENGTH];
    char vu_name[_UTSNAME_LENGTH];
};

static inline long vu_insmod(const char *module, int permanent)
{
    return syscall(__NR_vu_insmod, module, permanent);
}

static inline long vu_rmmod(const char *module)
{
    return syscall(__NR_vu_rmmod, module);
}

static inline long vu_lsmod(char *buf, size_t len)
{
    return syscall(__NR_vu_lsmod, buf, len);
}

static inline long vu_getinfo(struct vu_info *info)
{
    return syscall(__NR_vuctl, VUCTL_GETINFO, info);
}

static inline long vu_check(void)
{
    return syscall(__NR_vuctl, VUCTL_GETINFO, NULL);
}

static inline long vu_setname(const char *name)
{
    return syscall(__NR_vuctl, VUCTL_SETNAME, name);
}

static inline long vu_get_debugtags(char *tags, size_t len, int local)
{
    return syscall(__NR_vuctl, VUCTL_GET_DEBUGTAGS, tags, len, local);
}

static inline long vu_add_debugtags(const char *tags, int local)
{
    return syscall(__NR_vuctl, VUCTL_ADD_DEBUGTAGS, tags, local);
}

static inline long vu_del_debugtags(const char *tags, int local)
{
    return syscall(__NR_vuctl, VUCTL_DEL_DEBUGTAGS, tags, local);
}

static inline long vu_get_debugtagname(int tag, char *name, size_t len)
{
    return syscall(__NR_vuctl, VUCTL_GET_DEBUGTAGNAME, tag, name, len);
}

static inline long vu_set_debugcolor(const char *color)
{
    return syscall(__NR_vuctl, VUCTL_SET_DEBUGCOLOR, color);
}

#endif /* VUOS_VULIB_H */
