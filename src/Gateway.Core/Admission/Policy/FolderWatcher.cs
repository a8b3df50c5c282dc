namespace Gateway.Core.Admission.Policy;

/// <summary>
/// Calls back once after a burst of changes under a folder (files written, created, deleted, renamed): editors and
/// deployments touch files several times, and one reload after they settle is what a policy store wants.
/// </summary>
public sealed class FolderWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounce;

    private FolderWatcher(string folder, Action onChange, TimeSpan settle)
    {
        _debounce = new Timer(_ => onChange(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        void Changed(object sender, FileSystemEventArgs e) => _debounce.Change(settle, Timeout.InfiniteTimeSpan);
        _watcher.Changed += Changed;
        _watcher.Created += Changed;
        _watcher.Deleted += Changed;
        _watcher.Renamed += Changed;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Watches the folder, or returns null when it does not exist (nothing to watch).</summary>
    public static FolderWatcher? Start(string folder, Action onChange, TimeSpan settle) =>
        Directory.Exists(folder) ? new FolderWatcher(folder, onChange, settle) : null;

    public void Dispose()
    {
        _watcher.Dispose();
        _debounce.Dispose();
    }
}
