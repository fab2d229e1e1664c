using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>One ctl command: its name and arguments.</summary>
public sealed record CtlCommand(string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>PatchworkOS's MAX_PATH: a longer write is E2BIG.</summary>
    public const int MaxWrite = 4096;

    /// <summary>
    /// Parses a ctl write as PatchworkOS's ctl_dispatch does: the whole write is split into words the way its
    /// argsplit splits a command line, then a word that is exactly `&amp;&amp;` (after quote removal) separates
    /// commands. A 0-byte write is EINVAL, one with no words ENOENT, an empty command between separators EINVAL,
    /// an unterminated quote or a trailing backslash E2BIG, more than 4096 bytes E2BIG.
    /// </summary>
    public static IReadOnlyList<CtlCommand> Parse(string text)
    {
        if (text.Length == 0)
        {
            throw new ErrnoException("ctl: empty write", Errno.EINVAL);
        }
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxWrite)
        {
            throw new ErrnoException("ctl", Errno.E2BIG);
        }
        var words = SplitWords(text) ?? throw new ErrnoException("ctl: unterminated quote or trailing backslash", Errno.E2BIG);
        if (words.Count == 0)
        {
            throw new ErrnoException("ctl: no command", Errno.ENOENT);
        }
        var commands = new List<CtlCommand>();
        var start = 0;
        for (var i = 0; i <= words.Count; i++)
        {
            if (i < words.Count && words[i] != "&&")
            {
                continue;
            }
            if (i == start)
            {
                throw new ErrnoException("ctl: empty command", Errno.EINVAL);
            }
            commands.Add(new CtlCommand(words[start], words[(start + 1)..i]));
            start = i + 1;
        }
        return commands;
    }

    /// <summary>
    /// argsplit's rules: unquoted, unescaped whitespace ends a word; a backslash makes the next character part
    /// of the word (it is dropped itself); a double quote toggles quoting, is dropped, and starts a new word
    /// (so `a"b c"` is two words, `a` and `b c`), even after a backslash; a word exists only if it has a
    /// character (`""` is nothing). Null for an unterminated quote or a trailing backslash.
    /// </summary>
    static List<string>? SplitWords(string text)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var escaped = false;
        var newWord = true;
        foreach (var c in text)
        {
            if (escaped)
            {
                escaped = false;
                if (c != '"')
                {
                    Append(c);
                    continue;
                }
            }
            if (!quoted && IsSpace(c))
            {
                newWord = true;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                newWord = true;
            }
            else
            {
                Append(c);
            }
        }
        if (quoted || escaped)
        {
            return null;
        }
        Flush();
        return words;

        void Append(char c)
        {
            if (newWord)
            {
                Flush();
                newWord = false;
            }
            word.Append(c);
        }

        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
    }

    /// <summary>C's isspace in the C locale.</summary>
    static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
