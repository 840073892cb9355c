namespace Lwkt.Harness.Running;

/// <summary>Where the repository is: the folder holding <c>Lwkt.Bench.sln</c>.</summary>
public static class RepositoryPaths
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string SolutionFile = "Lwkt.Bench.sln";

    /// <summary>
    /// The repository root found by walking up from the current directory, then from the harness's own folder;
    /// <see langword="null"/> when neither is inside the repository.
    /// </summary>
    public static string? FindRoot() =>
        FindRootFrom(Directory.GetCurrentDirectory()) ?? FindRootFrom(AppContext.BaseDirectory);

    /// <summary>The repository root above <paramref name="start"/>, or <see langword="null"/>.</summary>
    public static string? FindRootFrom(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The default parent of run folders: <c>results/runs</c> at the root, else under the current directory.</summary>
    public static string DefaultRunsFolder() =>
        Path.Combine(FindRoot() ?? Directory.GetCurrentDirectory(), "results", "runs");
}
