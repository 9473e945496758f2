using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

// A small MCP server for the tests, built with the SDK the module uses.
//   Strands.McpTestServer            stdio transport
//   Strands.McpTestServer http       streamable HTTP on 127.0.0.1:<free port>; prints its URL as the first stdout line
// STRANDS_MCP_PID_FILE, when set, receives the process id so tests can check the process is gone.
if (Environment.GetEnvironmentVariable("STRANDS_MCP_PID_FILE") is { Length: > 0 } pidFile)
    File.WriteAllText(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

if (args.Contains("http"))
{
    var builder = WebApplication.CreateBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Services.AddHttpContextAccessor();
    builder.Services.AddMcpServer().WithHttpTransport().WithTools<TestTools>().WithTools<HttpTools>();
    var app = builder.Build();
    app.MapMcp("/mcp");
    await app.StartAsync();
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    Console.WriteLine(address.TrimEnd('/') + "/mcp");
    Console.Out.Flush();
    // Ends when the test closes our stdin (or kills us).
    await Task.Run(() => Console.In.ReadToEnd());
    await app.StopAsync();
}
else
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<TestTools>();
    await builder.Build().RunAsync();
}

[McpServerToolType]
internal sealed class TestTools
{
    [McpServerTool(Name = "add"), Description("Adds two integers.")]
    public static int Add([Description("first addend")] int a, [Description("second addend")] int b) => a + b;

    [McpServerTool(Name = "slow"), Description("Waits, then answers 'done'.")]
    public static async Task<string> Slow([Description("milliseconds to wait")] int ms, CancellationToken cancellationToken)
    {
        await Task.Delay(ms, cancellationToken);
        return "done";
    }

    [McpServerTool(Name = "fail"), Description("Always fails.")]
    public static string Fail() => throw new InvalidOperationException("this tool always fails");
}

[McpServerToolType]
internal sealed class HttpTools
{
    [McpServerTool(Name = "header"), Description("Returns a request header's value.")]
    public static string Header(IHttpContextAccessor accessor, [Description("header name")] string name) =>
        accessor.HttpContext?.Request.Headers[name].ToString() ?? string.Empty;
}
