using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Tests.Measurement;

/// <summary>The warm-up rule: JIT quiet for two iterations and throughput no longer rising, between a minimum and a cap.</summary>
public sealed class SteadyStateTests
{
    [Fact]
    public void A_warmup_that_never_settles_runs_to_the_cap_and_is_not_steady()
    {
        var warmup = new SteadyState(minIterations: 1, maxIterations: 8);
        while (!warmup.Done)
        {
            warmup.Add(opsPerSecond: 1e6, jitMethods: 3);
        }

        Assert.Equal(8, warmup.Iterations);
        Assert.False(warmup.Steady);
    }

    [Fact]
    public void Background_compiles_under_five_percent_of_the_time_count_as_quiet_and_more_do_not()
    {
        // A late method of the runtime's idle paths (1.9 ms of a 50 ms iteration) does not hold warm-up open...
        var trickle = new SteadyState(1, 30);
        while (!trickle.Done)
        {
            trickle.Add(1e6, jitMethods: 1, jitTimeShare: 0.037);
        }

        Assert.True(trickle.Steady);
        Assert.Equal(2, trickle.Iterations);

        // ...but a tier-up's compile time (the smallest measured, 5 ms: 10 % of the iteration) does.
        var tierUp = new SteadyState(1, 8);
        while (!tierUp.Done)
        {
            tierUp.Add(1e6, jitMethods: 5, jitTimeShare: 0.10);
        }

        Assert.False(tierUp.Steady);
        Assert.Equal(8, tierUp.Iterations);
    }

    [Fact]
    public void Throughput_that_keeps_rising_is_not_steady_even_with_a_quiet_jit()
    {
        var warmup = new SteadyState(1, 6);
        double ops = 1e6;
        while (!warmup.Done)
        {
            warmup.Add(ops, jitMethods: 0);
            ops *= 1.2;
        }

        Assert.Equal(6, warmup.Iterations);
        Assert.False(warmup.Steady);
    }

    [Fact]
    public void The_tier_up_curve_ends_once_the_jit_is_quiet_twice_and_throughput_is_flat()
    {
        // yield at 1 core as measured with the default delay: tier 0, instrumented, tier 1, then flat.
        (double Ops, long Jit)[] curve = [(5.0e6, 40), (8.2e6, 12), (2.2e7, 3), (2.2e7, 0), (2.15e7, 0), (2.2e7, 0)];
        var warmup = new SteadyState(1, 30);
        int i = 0;
        while (!warmup.Done)
        {
            warmup.Add(curve[i].Ops, curve[i].Jit);
            i++;
        }

        Assert.True(warmup.Steady);
        Assert.Equal(5, warmup.Iterations);
    }

    [Fact]
    public void The_minimum_is_run_even_when_steady_earlier()
    {
        var warmup = new SteadyState(4, 30);
        for (int i = 0; i < 3; i++)
        {
            warmup.Add(1e6, 0);
        }

        Assert.True(warmup.Steady);
        Assert.False(warmup.Done);
        warmup.Add(1e6, 0);
        Assert.True(warmup.Done);
    }

    [Fact]
    public void One_compile_restarts_the_quiet_count()
    {
        var warmup = new SteadyState(0, 30);
        warmup.Add(1e6, 0);
        warmup.Add(1e6, 0);
        Assert.True(warmup.Done);

        var interrupted = new SteadyState(0, 30);
        interrupted.Add(1e6, 0);
        interrupted.Add(1e6, 1);
        interrupted.Add(1e6, 0);
        Assert.False(interrupted.Done);
        interrupted.Add(1e6, 0);
        Assert.True(interrupted.Done);
    }

    [Fact]
    public void A_disturbed_dip_is_not_compared_so_the_recovery_after_it_is_no_rise()
    {
        // Other work halves one iteration; the next is back to normal. Compared, that would be a 100 % rise.
        var warmup = new SteadyState(1, 30);
        warmup.Add(1e6, 0);
        warmup.Add(0.5e6, 0, disturbed: true);
        warmup.Add(1e6, 0);

        Assert.True(warmup.Done);
        Assert.Equal(3, warmup.Iterations);

        var undisturbed = new SteadyState(1, 30);
        undisturbed.Add(1e6, 0);
        undisturbed.Add(0.5e6, 0);
        undisturbed.Add(1e6, 0);
        Assert.False(undisturbed.Done);
    }

    [Fact]
    public void On_a_machine_busy_for_good_warmup_ends_once_the_jit_is_quiet_and_disturbed_iterations_count_to_the_cap()
    {
        var busy = new SteadyState(1, 30);
        busy.Add(0.3e6, jitMethods: 40, disturbed: true);
        busy.Add(0.9e6, 0, disturbed: true);
        Assert.False(busy.Done);
        busy.Add(0.4e6, 0, disturbed: true);
        Assert.True(busy.Done);
        Assert.True(busy.Steady);

        var compiling = new SteadyState(1, 4);
        while (!compiling.Done)
        {
            compiling.Add(0.5e6, jitMethods: 40, jitTimeShare: 0.3, disturbed: true);
        }

        Assert.Equal(4, compiling.Iterations);
        Assert.False(compiling.Steady);
    }

    [Fact]
    public void A_cap_of_zero_skips_warmup()
    {
        var cold = new SteadyState(0, 0);

        Assert.True(cold.Skipped);
        Assert.True(cold.Done);
        Assert.False(cold.Steady);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SteadyState(3, 2));
    }
}
