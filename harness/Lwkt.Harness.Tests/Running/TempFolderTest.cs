namespace Lwkt.Harness.Tests.Running;

/// <summary>
/// The base of a test class whose every test gets a fresh temporary folder: xunit makes an instance per test and disposes
/// it after the test, which removes the folder.
/// </summary>
public abstract class TempFolderTest : IDisposable
{
    /// <summary>This test's folder.</summary>
    private protected TempFolder Temp { get; } = new();

    /// <inheritdoc/>
    public void Dispose() => Temp.Dispose();
}
