namespace Vuos.Net.Interop.Processes;

/// <summary>A namespace a process joins: setns(Fd, Types), Types one of <see cref="NamespaceFlags"/>.</summary>
public readonly record struct NamespaceToJoin(SafeFd Fd, int Types);
