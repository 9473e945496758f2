using System;
using System.Collections.Generic;
using Strands.Types;

namespace Strands.Models.Common
{
    /// <summary>
    /// A reply parser for formats whose stream is a sequence of whole JSON objects (Gemini's SSE
    /// chunks, Ollama's NDJSON lines) and whose reply without streaming is one such object.
    /// </summary>
    internal interface IJsonChunkParser
    {
        /// <summary>Whether the model has said it is done.</summary>
        bool Finished { get; }

        /// <summary>Adds the events of one JSON object to <paramref name="output"/>.</summary>
        void Parse(ReadOnlyMemory<byte> json, List<ModelStreamEvent> output);

        /// <summary>Adds the closing events (held tool calls, stop, usage) to <paramref name="output"/>.</summary>
        void Finish(List<ModelStreamEvent> output);
    }
}
