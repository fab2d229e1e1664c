using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>One ctl command: its name and arguments.</summary>
public sealed record CtlCommand(string Name, IReadOnlyList<string> Arguments)
{
    public const int MaxWrite = 4096;

    /// <summary>
    /// Parses a ctl write: commands separated by `&&`, arguments split on whitespace with "..." quoting and
    /// backslash escapes; a trailing newline is fine. EINVAL for an empty command (a stray `&&`) or an
    /// unterminated quote, E2BIG past 4096 bytes.
    /// </summary>
    public static IReadOnlyList<CtlCommand> Parse(string text)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxWrite)
        {
            throw new ErrnoException("ctl", Errno.E2BIG);
        }
        var commands = new List<CtlCommand>();
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
                inWord = true;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (!quoted && char.IsWhiteSpace(c))
            {
                EndWord();
            }
            else if (!quoted && c == '&' && i + 1 < text.Length && text[i + 1] == '&')
            {
                EndWord();
                EndCommand();
                i++;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quoted)
        {
            throw new ErrnoException("ctl: unterminated quote", Errno.EINVAL);
        }
        EndWord();
        if (words.Count > 0 || commands.Count > 0)
        {
            EndCommand();
        }
        return commands;

        void EndWord()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }

        void EndCommand()
        {
            if (words.Count == 0)
            {
                throw new ErrnoException("ctl: empty command", Errno.EINVAL);
            }
            commands.Add(new CtlCommand(words[0], [.. words.Skip(1)]));
            words.Clear();
        }
    }
}
