namespace Strands.Models.Routing
{
    /// <summary>The wire format a provider speaks; picks the adapter that talks to it.</summary>
    public enum ProviderKind
    {
        /// <summary>OpenAI Chat Completions: <c>POST {base}/chat/completions</c> with a bearer key.</summary>
        OpenAiCompatible,

        /// <summary>Azure OpenAI: the OpenAI body on deployment URLs with an <c>api-version</c> query and an <c>api-key</c> header.</summary>
        Azure,

        /// <summary>Anthropic Messages API.</summary>
        Anthropic,

        /// <summary>Amazon Bedrock Converse (SigV4 or a bearer token).</summary>
        Bedrock,

        /// <summary>Google AI Studio <c>generateContent</c>.</summary>
        Gemini,

        /// <summary>
        /// Ollama <c>/api/chat</c>. Both <c>ollama/</c> and <c>ollama_chat/</c> route here: LiteLLM
        /// sends plain <c>ollama/</c> to the legacy <c>/api/generate</c>, which flattens the
        /// conversation into one prompt and has no tools, and an agent without tools is no agent.
        /// </summary>
        Ollama,
    }
}
