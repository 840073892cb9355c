namespace Lwkt.Harness;

/// <summary>The <c>lwkt-bench</c> entry point.</summary>
internal static class Program
{
    private static int Main() => 0;
}
