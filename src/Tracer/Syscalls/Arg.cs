namespace Vuos.Net.Tracer.Syscalls;

/// <summary>Short constructors for the rows of the syscall table.</summary>
public static class Arg
{
    public static ArgSpec Int(string name) => new(name, ArgKind.Int);
    public static ArgSpec Long(string name) => new(name, ArgKind.Long);
    public static ArgSpec UInt(string name) => new(name, ArgKind.UInt);
    public static ArgSpec Hex(string name) => new(name, ArgKind.Hex);
    public static ArgSpec Octal(string name) => new(name, ArgKind.Octal);
    public static ArgSpec Fd(string name) => new(name, ArgKind.Fd);
    public static ArgSpec DirFd(string name) => new(name, ArgKind.DirFd);
    public static ArgSpec Ptr(string name) => new(name, ArgKind.Ptr);
    public static ArgSpec Str(string name) => new(name, ArgKind.Str);
    public static ArgSpec InBuf(string name, int lengthArg) => new(name, ArgKind.InBuf, lengthArg);
    public static ArgSpec OutBuf(string name, int lengthArg) => new(name, ArgKind.OutBuf, lengthArg);
    public static ArgSpec Flags(string name, FlagSet set) => new(name, ArgKind.Flags, Set: set);
    public static ArgSpec Sockaddr(string name, int lengthArg) => new(name, ArgKind.Sockaddr, lengthArg);
    public static ArgSpec SockaddrOut(string name, int lengthPtrArg) => new(name, ArgKind.SockaddrOut, lengthPtrArg);
    public static ArgSpec SockLenPtr(string name) => new(name, ArgKind.SockLenPtr);
    public static ArgSpec Signal(string name) => new(name, ArgKind.Signal);
    public static ArgSpec StrArray(string name) => new(name, ArgKind.StrArray);
    public static ArgSpec EnvArray(string name) => new(name, ArgKind.EnvArray);
    public static ArgSpec FdPairOut(string name) => new(name, ArgKind.FdPairOut);
    public static ArgSpec Struct(string name) => new(name, ArgKind.Struct);
}
