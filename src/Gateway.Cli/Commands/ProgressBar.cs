namespace Gateway.Cli.Commands;

/// <summary>
/// A one-line progress bar on stderr, so stdout stays a clean summary a script can read. Redraws only when the
/// percentage changes; more done than the total (records appended while exporting) shows as full.
/// </summary>
internal sealed class ProgressBar(long total, TextWriter? output = null)
{
    private const int Width = 20;
    private readonly TextWriter _output = output ?? Console.Error;
    private long _shown = -1;

    public void Report(long done)
    {
        var percent = total <= 0 ? 100 : Math.Min(100, done * 100 / total);
        if (percent == _shown) return;
        _shown = percent;
        var filled = (int)(percent * Width / 100);
        _output.Write($"\r[{new string('#', filled)}{new string(' ', Width - filled)}] {done}/{total}");
    }

    public void Done() => _output.WriteLine();
}
