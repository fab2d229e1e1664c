using Vuos.Net.Interop;

namespace Vuos.Net.Tests.Unit;

/// <summary>Runs a seccomp classic-BPF program on a seccomp_data, as the kernel does (the subset the compiler emits).</summary>
static class BpfInterpreter
{
    public static uint Run(SockFilter[] program, uint arch, int nr, ulong[]? args = null)
    {
        uint a = 0;
        var pc = 0;
        while (true)
        {
            var insn = program[pc];
            switch (insn.Code)
            {
                case 0x20: // ld w abs
                    a = insn.K switch
                    {
                        0 => (uint)nr,
                        4 => arch,
                        var k when k >= 16 && (k - 16) % 8 == 0 => (uint)((args ?? new ulong[6])[(k - 16) / 8]),
                        var k when k >= 16 && (k - 16) % 8 == 4 => (uint)((args ?? new ulong[6])[(k - 20) / 8] >> 32),
                        var k => throw new InvalidOperationException($"load from offset {k}"),
                    };
                    pc++;
                    break;
                case 0x54: // and k
                    a &= insn.K;
                    pc++;
                    break;
                case 0x05: // ja
                    pc += 1 + (int)insn.K;
                    break;
                case 0x15: // jeq k
                    pc += 1 + (a == insn.K ? insn.JumpTrue : insn.JumpFalse);
                    break;
                case 0x45: // jset k
                    pc += 1 + ((a & insn.K) != 0 ? insn.JumpTrue : insn.JumpFalse);
                    break;
                case 0x06: // ret k
                    return insn.K;
                default:
                    throw new InvalidOperationException($"opcode 0x{insn.Code:x}");
            }
            if (pc >= program.Length)
            {
                throw new InvalidOperationException("ran off the end of the program");
            }
        }
    }
}
