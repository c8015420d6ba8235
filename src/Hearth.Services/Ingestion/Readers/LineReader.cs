using System.Text;

namespace Hearth.Services.Ingestion.Readers;

/// <summary>
/// Reads lines without ever holding more than a limit of characters: a longer line (a hostile or broken file) is read
/// through to its end and returned cut, flagged as too long, so that one bad line cannot exhaust memory.
/// </summary>
internal sealed class LineReader(TextReader reader, int maxCharacters)
{
    private readonly StringBuilder _line = new();

    public long LineNumber { get; private set; }

    /// <summary>The next line, or null at the end; <paramref name="tooLong"/> says the line was cut.</summary>
    public string? Next(out bool tooLong)
    {
        _line.Clear();
        tooLong = false;
        var any = false;
        while (true)
        {
            var ch = reader.Read();
            if (ch < 0)
            {
                if (!any)
                {
                    return null;
                }

                break;
            }

            any = true;
            if (ch == '\n')
            {
                break;
            }

            if (ch == '\r')
            {
                if (reader.Peek() == '\n')
                {
                    _ = reader.Read();
                }

                break;
            }

            if (_line.Length < maxCharacters)
            {
                _line.Append((char)ch);
            }
            else
            {
                tooLong = true;
            }
        }

        LineNumber++;
        return _line.ToString();
    }
}
