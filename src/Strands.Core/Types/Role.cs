namespace Strands.Types
{
    /// <summary>Who authored a conversation message.</summary>
    public enum Role
    {
        /// <summary>The user, including tool results sent back to the model.</summary>
        User,
        /// <summary>The model.</summary>
        Assistant,
    }
}
