using System.Text;

namespace Lwkt.Harness.Running;

/// <summary>
/// The last lines of a text stream, bounded in size: what a crashed child said last (its stderr), for the row's
/// <c>error</c> column. Safe to append from the process's output callback thread while another thread reads.
/// </summary>
internal sealed class TextTail
{
    private readonly Queue<string> _lines = new();
    private readonly int _maxChars;
    private readonly Lock _lock = new();
    private int _chars;

    /// <summary>Keeps about the last <paramref name="maxChars"/> characters (whole lines).</summary>
    public TextTail(int maxChars)
    {
        _maxChars = maxChars;
    }

    /// <summary>Adds one line, dropping the oldest lines beyond the bound.</summary>
    public void Append(string line)
    {
        lock (_lock)
        {
            _lines.Enqueue(line);
            _chars += line.Length + 1;
            while (_chars > _maxChars && _lines.Count > 1)
            {
                _chars -= _lines.Dequeue().Length + 1;
            }
        }
    }

    /// <summary>True when a kept line is exactly <paramref name="line"/>.</summary>
    public bool Contains(string line)
    {
        lock (_lock)
        {
            return _lines.Contains(line);
        }
    }

    /// <summary>The kept lines joined by newlines (empty when nothing was written).</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            foreach (string line in _lines)
            {
                text.Append(line).Append('\n');
            }

            return text.ToString().TrimEnd();
        }
    }
}
