using System.Text;
using System.Text.Json;

namespace Vuos.Net.Tracer.Logging;

/// <summary>A structure: {name=value, ...}; JSON: an object. A field may print without its name (inet_pton(...)).</summary>
public sealed class StructValue : LogValue
{
    readonly List<(string Name, LogValue Value, bool Named)> fields = new(6);

    /// <summary>strace's trailing "..." for fields it does not show.</summary>
    public bool Abbreviated { get; set; }

    public int Count => fields.Count;

    public StructValue Add(string name, LogValue value)
    {
        fields.Add((name, value, true));
        return this;
    }

    /// <summary>A field printed without "name=" (its value names it), still named in JSON.</summary>
    public StructValue AddUnnamed(string jsonName, LogValue value)
    {
        fields.Add((jsonName, value, false));
        return this;
    }

    public override void WriteText(StringBuilder sb)
    {
        sb.Append('{');
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            var (name, value, named) = fields[i];
            if (named)
            {
                sb.Append(name).Append('=');
            }
            value.WriteText(sb);
        }
        if (Abbreviated)
        {
            sb.Append(fields.Count > 0 ? ", ..." : "...");
        }
        sb.Append('}');
    }

    public override void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (var (name, value, _) in fields)
        {
            w.WritePropertyName(name);
            value.WriteJson(w);
        }
        w.WriteEndObject();
    }
}

/// <summary>An array: [a, b, ...]; JSON: an array.</summary>
public sealed class ArrayValue : LogValue
{
    readonly List<LogValue> items = new(4);

    /// <summary>More elements follow than are shown.</summary>
    public bool Abbreviated { get; set; }

    public int Count => items.Count;

    public ArrayValue Add(LogValue value)
    {
        items.Add(value);
        return this;
    }

    public override void WriteText(StringBuilder sb)
    {
        sb.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            items[i].WriteText(sb);
        }
        if (Abbreviated)
        {
            sb.Append(items.Count > 0 ? ", ..." : "...");
        }
        sb.Append(']');
    }

    public override void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            item.WriteJson(w);
        }
        w.WriteEndArray();
    }
}

/// <summary>A descriptor, with -y the file it names: 3&lt;/etc/passwd&gt;; JSON: the number, or {"fd":3,"path":"..."}.</summary>
public sealed class FdValue(int fd, string? label) : LogValue
{
    public override void WriteText(StringBuilder sb)
    {
        sb.Append(fd);
        if (label is not null)
        {
            sb.Append('<').Append(label).Append('>');
        }
    }

    public override void WriteJson(Utf8JsonWriter w)
    {
        if (label is null)
        {
            w.WriteNumberValue(fd);
            return;
        }
        w.WriteStartObject();
        w.WriteNumber("fd", fd);
        w.WriteString("path", label);
        w.WriteEndObject();
    }
}

/// <summary>What a call wrote into a structure it also read, printed after the entry's value: " => {parent_tid=[42]}".</summary>
public sealed class ChangedValue(LogValue after) : LogValue
{
    public LogValue After { get; } = after;

    public override void WriteText(StringBuilder sb)
    {
        sb.Append(" => ");
        After.WriteText(sb);
    }

    public override void WriteJson(Utf8JsonWriter w) => After.WriteJson(w);
}

/// <summary>An argument strace prints with its name (clone's child_stack=NULL); JSON: the value alone.</summary>
public sealed class NamedValue(string name, LogValue value) : LogValue
{
    public string Name { get; } = name;

    public LogValue Value { get; } = value;

    public override void WriteText(StringBuilder sb)
    {
        sb.Append(Name).Append('=');
        Value.WriteText(sb);
    }

    public override void WriteJson(Utf8JsonWriter w) => Value.WriteJson(w);
}
