using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Seccomp;

/// <summary>A classic BPF program under construction, with forward jumps to labels resolved at the end.</summary>
public sealed class BpfProgram
{
    const ushort LdWAbs = 0x20;
    const ushort JmpJa = 0x05;
    const ushort JmpJeqK = 0x15;
    const ushort JmpJsetK = 0x45;
    const ushort RetK = 0x06;
    const ushort AluAndK = 0x54;

    readonly List<SockFilter> code = [];
    readonly List<(int At, string Label)> fixups = [];
    readonly Dictionary<string, int> labels = [];

    public int Count => code.Count;

    public void Load(uint offset) => code.Add(new(LdWAbs, 0, 0, offset));

    public void And(uint mask) => code.Add(new(AluAndK, 0, 0, mask));

    public void Return(uint action) => code.Add(new(RetK, 0, 0, action));

    /// <summary>If the accumulator equals <paramref name="k"/> return <paramref name="action"/>, else go on.</summary>
    public void ReturnIfEqual(uint k, uint action)
    {
        code.Add(new(JmpJeqK, 0, 1, k));
        Return(action);
    }

    /// <summary>If the accumulator equals <paramref name="k"/> jump to <paramref name="label"/>, else go on.</summary>
    public void JumpIfEqual(uint k, string label)
    {
        code.Add(new(JmpJeqK, 0, 1, k));
        Jump(label);
    }

    /// <summary>If the accumulator differs from <paramref name="k"/> jump to <paramref name="label"/>, else go on.</summary>
    public void JumpIfNotEqual(uint k, string label)
    {
        code.Add(new(JmpJeqK, 1, 0, k));
        Jump(label);
    }

    /// <summary>If the accumulator has any bit of <paramref name="bits"/> jump to <paramref name="label"/>.</summary>
    public void JumpIfAnyBit(uint bits, string label)
    {
        code.Add(new(JmpJsetK, 0, 1, bits));
        Jump(label);
    }

    public void Jump(string label)
    {
        fixups.Add((code.Count, label));
        code.Add(new(JmpJa, 0, 0, 0));
    }

    public void Label(string name) => labels.Add(name, code.Count);

    public SockFilter[] Build()
    {
        var result = code.ToArray();
        foreach (var (at, label) in fixups)
        {
            var target = labels.TryGetValue(label, out var t) ? t : throw new InvalidOperationException($"BPF label {label} undefined");
            if (target <= at)
            {
                throw new InvalidOperationException($"BPF jump to {label} goes backwards");
            }
            result[at] = result[at] with { K = (uint)(target - at - 1) };
        }
        if (result.Length > 4096)
        {
            throw new InvalidOperationException($"seccomp filter has {result.Length} instructions, the kernel allows 4096");
        }
        return result;
    }
}
