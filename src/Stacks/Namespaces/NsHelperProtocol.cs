using System.Runtime.InteropServices;

namespace Vuos.Net.Stacks.Namespaces;

/// <summary>The wire format of vuos-nshelper, mirroring native/vuos-protocol.h (a test checks sizes and offsets).</summary>
static class NsHelperProtocol
{
    public const uint OpSession = 1, OpStack = 2, OpSocket = 3, OpSocketPair = 4, OpTap = 5, OpSysctl = 6, OpStackFile = 7;

    public const uint SessionUsernsSelf = 1, SessionUsernsFull = 2, SessionStackFuse = 4;

    public const int HasUserns = 1, HasFuse = 2, HasFactory = 4, HasStackFuse = 16, DirsShift = 8;

    public const uint StackNetns = 1, StackSysfs = 2;

    public const uint StackFileAdd = 1, StackFileRemove = 2;

    public const int NameLength = 64, DataLength = 4096, TextLength = 256;
}

[StructLayout(LayoutKind.Sequential)]
unsafe struct NsHelperRequest
{
    public uint Op;
    public uint Flags;
    public int A, B, C;
    public fixed byte Name[NsHelperProtocol.NameLength];
    public fixed byte Data[NsHelperProtocol.DataLength];
}

[StructLayout(LayoutKind.Sequential)]
unsafe struct NsHelperReply
{
    public int Status;
    public int Value;
    public fixed byte Text[NsHelperProtocol.TextLength];
}
