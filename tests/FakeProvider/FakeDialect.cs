namespace Strands.FakeProvider;

/// <summary>The wire format a request was routed to (by path).</summary>
public enum FakeDialect
{
    /// <summary>No known endpoint matched the path.</summary>
    Unknown,
    /// <summary>OpenAI chat completions: LiteLLM proxy, OpenAI, Azure deployments.</summary>
    OpenAi,
    /// <summary>Anthropic Messages API.</summary>
    Anthropic,
    /// <summary>Bedrock Converse / ConverseStream.</summary>
    Bedrock,
    /// <summary>Gemini generateContent / streamGenerateContent.</summary>
    Gemini,
    /// <summary>Ollama /api/chat.</summary>
    Ollama,
}
