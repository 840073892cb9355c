using System.Runtime.CompilerServices;

namespace Lwkt.Runtime;

/// <summary>
/// Pool tokens keyed by object (lwkt: lwkt_token_pool_lookup / lwkt_getpooltoken): a fixed array of tokens indexed by
/// a hash of the object, so any object can be serialized without a token of its own. Different objects may share a
/// token (harmless for exclusive use; DragonFly warns against taking pool tokens shared then exclusive).
/// </summary>
public static class TokenPool
{
    /// <summary>Number of pool tokens (a power of two; lwkt: LWKT_POOL_TOKENS is 16384).</summary>
    public const int Size = 4096;

    private static readonly Token[] s_tokens = CreateTokens();

    /// <summary>The pool token for <paramref name="obj"/>; always the same token for the same object.</summary>
    public static Token Get(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        uint h = (uint)RuntimeHelpers.GetHashCode(obj);
        h ^= h >> 16;
        h *= 0x45D9F3B;
        h ^= h >> 16;
        return s_tokens[h & (Size - 1)];
    }

    private static Token[] CreateTokens()
    {
        var tokens = new Token[Size];
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = new Token("pool" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return tokens;
    }
}
