using System;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Strands.Bench;

/// <summary>
/// A lean loopback chat-completions server, run in its own process (<c>Strands.Bench serve</c>)
/// so its CPU time and allocations never count as the client's.
/// </summary>
/// <remarks>
/// Not tests/FakeProvider: that server parses and validates every request with JsonDocument and
/// renders replies per request through Kestrel, costing more CPU per turn than the clients being
/// measured; on a shared 2-core machine that work would compete with the client and blur the
/// ratios. This one answers from two pre-rendered responses: a request whose body holds a
/// <c>"role":"tool"</c> message gets the 200-chunk answer, any other gets the streamed tool call.
/// Each response is sent in one write, so a turn measures client work, not server pacing.
/// </remarks>
internal static class LoopbackServer
{
    private static readonly byte[] ToolCall = Wire.HttpSseResponse(Wire.ToolCallEvents());
    private static readonly byte[] Answer = Wire.HttpSseResponse(Wire.AnswerEvents());

    /// <summary>Serves until standard input closes (the parent exited), printing the base URL first.</summary>
    public static int Run()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        Console.Out.WriteLine($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}");
        Console.Out.Flush();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var socket = await listener.AcceptAsync();
                socket.NoDelay = true;
                _ = Task.Run(() => ServeAsync(socket));
            }
        });
        Console.In.ReadToEnd();
        return 0;
    }

    /// <summary>Starts the server as a child process of this executable and returns it with its base URL.</summary>
    public static (Process Process, Uri BaseUrl) Start()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, "serve")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var url = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The loopback server did not start.");
        return (process, new Uri(url));
    }

    private static async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
                    if (!await ReceiveAsync()) return;

                var (contentLength, chunked) = ParseHeaders(buffer.AsSpan(0, headerEnd));
                var bodyStart = headerEnd + 4;
                int consumed;
                bool wantsAnswer;
                if (chunked)
                {
                    // Chunk-size lines could split the marker, so the chunks are joined in place first.
                    int end;
                    while ((end = DechunkedEnd(buffer.AsSpan(bodyStart, length - bodyStart), out _)) < 0)
                        if (!await ReceiveAsync()) return;
                    DechunkedEnd(buffer.AsSpan(bodyStart, length - bodyStart), out var bodyLength, compact: true);
                    wantsAnswer = buffer.AsSpan(bodyStart, bodyLength).IndexOf("\"role\":\"tool\""u8) >= 0;
                    consumed = bodyStart + end;
                }
                else
                {
                    while (length < bodyStart + contentLength)
                        if (!await ReceiveAsync()) return;
                    wantsAnswer = buffer.AsSpan(bodyStart, contentLength).IndexOf("\"role\":\"tool\""u8) >= 0;
                    consumed = bodyStart + contentLength;
                }

                await socket.SendAsync(wantsAnswer ? Answer : ToolCall, SocketFlags.None);
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The client closed the connection: nothing to answer.
        }
        finally
        {
            socket.Dispose();
        }

        async Task<bool> ReceiveAsync()
        {
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None);
            length += read;
            return read > 0;
        }
    }

    private static (int ContentLength, bool Chunked) ParseHeaders(ReadOnlySpan<byte> headers)
    {
        var contentLength = 0;
        var chunked = false;
        foreach (var range in headers.Split("\r\n"u8))
        {
            var line = headers[range];
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.SequenceEqual("Content-Length"u8) || name.SequenceEqual("content-length"u8))
                Utf8Parser.TryParse(value, out contentLength, out _);
            else if ((name.SequenceEqual("Transfer-Encoding"u8) || name.SequenceEqual("transfer-encoding"u8)) && value.IndexOf("chunked"u8) >= 0)
                chunked = true;
        }
        return (contentLength, chunked);
    }

    // Where a complete chunked body ends (relative to its start), or -1 while incomplete. With
    // compact, the chunk payloads are also moved together at the start and their total returned.
    private static int DechunkedEnd(Span<byte> body, out int dataLength, bool compact = false)
    {
        var read = 0;
        dataLength = 0;
        while (true)
        {
            var eol = body[read..].IndexOf("\r\n"u8);
            if (eol < 0) return -1;
            var sizeText = body.Slice(read, eol);
            var semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0) sizeText = sizeText[..semicolon];
            if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'x')) throw new IOException("bad chunk size");
            var dataStart = read + eol + 2;
            if (size == 0)
            {
                var trailerEnd = body[dataStart..].IndexOf("\r\n"u8);
                return trailerEnd < 0 ? -1 : dataStart + trailerEnd + 2;
            }
            if (body.Length < dataStart + size + 2) return -1;
            if (compact) body.Slice(dataStart, size).CopyTo(body[dataLength..]);
            dataLength += size;
            read = dataStart + size + 2;
        }
    }
}
