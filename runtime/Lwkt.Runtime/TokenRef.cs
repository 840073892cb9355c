namespace Lwkt.Runtime;

/// <summary>How a token reference on a thread's token stack holds its token.</summary>
internal enum TokenMode : byte
{
    /// <summary>First exclusive hold: the owner and the Exclusive bit (lwkt: TOK_EXCLUSIVE in tr_count).</summary>
    Exclusive,

    /// <summary>A shared hold: one increment.</summary>
    Shared,

    /// <summary>A repeat hold on a token this thread already holds: one increment (lwkt: recursive = TOK_INCR).</summary>
    Recursive,
}

/// <summary>One entry of a thread's token stack (lwkt: struct lwkt_tokref).</summary>
internal struct TokenRef
{
    public Token Token;
    public TokenMode Mode;
}
