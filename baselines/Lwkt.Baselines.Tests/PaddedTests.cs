using System.Runtime.CompilerServices;

namespace Lwkt.Baselines.Tests;

public class PaddedTests
{
    [Fact]
    public void The_value_has_a_full_cache_line_on_each_side()
    {
        AssertLayout<int>();
        AssertLayout<long>();
    }

    private static void AssertLayout<T>()
        where T : unmanaged
    {
        var padded = default(Padded<T>);
        nint offset = Unsafe.ByteOffset(ref Unsafe.As<Padded<T>, byte>(ref padded), ref Unsafe.As<T, byte>(ref padded.Value));
        Assert.Equal(CacheLine.Size, (int)offset);
        Assert.Equal((2 * CacheLine.Size) + Unsafe.SizeOf<T>(), Unsafe.SizeOf<Padded<T>>());
    }
}
