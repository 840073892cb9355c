using System.Runtime.CompilerServices;

namespace Lwkt.Runtime.Tests;

/// <summary>Where a token's hot state lies in memory, and the spinning waiter's attempt (docs/cross-cpu.md, contended tokens).</summary>
public class TokenLineTests
{
    /// <summary>
    /// The word of every token lies alone at the start of an aligned 64-byte line, the owner, its depth and the holds
    /// count together on the next one, and both stay there when a compacting collection moves the token object. A token
    /// of plain fields is 8-byte aligned: among 64 tokens placed between garbage of varied sizes some put its word at
    /// an address that is no line boundary, and the owner beside the word.
    /// </summary>
    [Fact]
    public unsafe void The_word_and_the_owner_lie_on_two_aligned_lines_that_collections_do_not_move()
    {
        var tokens = new Token[64];
        var words = new nint[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            _ = new byte[8 * (i % 8)];
            tokens[i] = new Token($"line {i}");
            words[i] = WordOf(tokens[i]);
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        for (int i = 0; i < tokens.Length; i++)
        {
            Token t = tokens[i];
            Assert.Equal(words[i], WordOf(t));
            t._ownerDepth = 3;
            t._holds = 5;
            Assert.True(t.TryClaim());
            Assert.Equal(Token.Exclusive, Volatile.Read(ref t._count));
            Assert.Equal(3, t._ownerDepth);
            Assert.Equal(5, t._holds);
        }

        static nint WordOf(Token t)
        {
            nint word = (nint)Unsafe.AsPointer(ref t._count);
            Assert.Equal(0, word & 63);
            foreach (nint field in new[] { (nint)Unsafe.AsPointer(ref t._ownerId), (nint)Unsafe.AsPointer(ref t._holds), (nint)Unsafe.AsPointer(ref t._ownerDepth) })
            {
                Assert.InRange(field, word + 64, word + 128 - 8);
            }

            return word;
        }
    }

    /// <summary>
    /// The spinning waiter's attempt without a read first takes a free word whatever its flags, keeping Waiters (the
    /// parked threads still need a release to wake them) and dropping ExclRequest as <see cref="Token.TryClaim"/> does,
    /// and leaves a held word as it was. Fails with the retry of a flagged word removed (a spinner would never take a
    /// token with parked waiters) or with the flags not kept.
    /// </summary>
    [Theory]
    [InlineData(0L, true, Token.Exclusive)]
    [InlineData(Token.Waiters, true, Token.Waiters | Token.Exclusive)]
    [InlineData(Token.ExclRequest, true, Token.Exclusive)]
    [InlineData(Token.ExclRequest | Token.Waiters, true, Token.Waiters | Token.Exclusive)]
    [InlineData(Token.Exclusive, false, Token.Exclusive)]
    [InlineData(Token.Exclusive | Token.Waiters, false, Token.Exclusive | Token.Waiters)]
    [InlineData(Token.Increment | Token.Waiters, false, Token.Increment | Token.Waiters)]
    public void A_spinning_waiter_takes_a_free_word_whatever_its_flags_and_leaves_a_held_one(long word, bool taken, long after)
    {
        using var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
        var token = new Token("attempt");
        var td = new LwktThread(rt.Cpus[0], static _ => default, null, priority: 5, pinned: false, id: 7);
        Volatile.Write(ref token._count, word);
        Assert.Equal(taken, token.TryExclusiveWithoutRead(td, 0));
        Assert.Equal(after, Volatile.Read(ref token._count));
        Assert.Equal(taken ? 7 : 0, token._ownerId);
    }

    /// <summary>
    /// Spinning waiters poll by compare-exchange only where one waiter at most spins against a running holder: on one or
    /// two CPUs. With more, several would take the word's line from each other at every poll, so they read first. Fails
    /// with <see cref="LwktRuntime.MaxCpusForExchangePolls"/> raised to cover 4 CPUs.
    /// </summary>
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    public void Waiters_poll_a_token_by_compare_exchange_only_on_two_cpus_or_fewer(int cpus, bool byExchange)
    {
        using var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = cpus });
        Assert.Equal(byExchange, rt.TokenPollsByExchange);
    }
}
