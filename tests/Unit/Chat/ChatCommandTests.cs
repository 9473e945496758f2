using Strands.Chat;
using Xunit;

namespace Strands.Tests.Chat;

public sealed class ChatCommandTests
{
    [Theory]
    [InlineData("/exit", "exit", "")]
    [InlineData("  /USAGE  ", "usage", "")]
    [InlineData("/save ./chat.json", "save", "./chat.json")]
    [InlineData("/load \"C:\\my chats\\a.json\"", "load", "C:\\my chats\\a.json")]
    [InlineData("/model openai/gpt-4o-mini", "model", "openai/gpt-4o-mini")]
    [InlineData("/system You answer in French.  ", "system", "You answer in French.")]
    [InlineData("exit", "exit", "")]
    [InlineData("EXIT ", "exit", "")]
    [InlineData("/frobnicate now", "frobnicate", "now")]
    public void Commands_are_a_word_after_a_slash_then_the_argument(string input, string name, string argument)
    {
        Assert.True(ChatCommand.TryParse(input, out var command));
        Assert.Equal(name, command.Name);
        Assert.Equal(argument, command.Argument);
    }

    [Theory]
    [InlineData("what is in /var?")]
    [InlineData("//etc/passwd looks odd")]
    [InlineData("/")]
    [InlineData("/ spaced")]
    [InlineData("exit now please")]
    [InlineData("")]
    public void Anything_else_is_a_prompt(string input) => Assert.False(ChatCommand.TryParse(input, out _));

    [Fact]
    public void A_double_slash_sends_one_slash()
    {
        Assert.Equal("/etc/passwd looks odd", ChatCommand.PromptText("//etc/passwd looks odd"));
        Assert.Equal("plain", ChatCommand.PromptText("plain"));
    }

    [Fact]
    public void Unknown_commands_say_so_and_list_the_known_ones()
    {
        Assert.True(ChatCommand.TryParse("/frob", out var command));
        Assert.False(command.IsKnown);
        var message = command.UnknownMessage();
        Assert.StartsWith("Unknown command /frob.", message);
        foreach (var known in new[] { "/help", "/exit", "/reset", "/usage", "/save", "/load", "/model", "/system" })
            Assert.Contains(known, message);
    }

    [Fact]
    public void Every_known_command_parses_as_known_and_has_a_help_line()
    {
        foreach (var info in ChatCommand.Known)
        {
            Assert.True(ChatCommand.TryParse("/" + info.Name, out var command));
            Assert.True(command.IsKnown);
            Assert.StartsWith("/" + info.Name, info.HelpLine(20));
            Assert.Contains(info.Description, info.HelpLine(20));
        }
    }

    [Theory]
    [InlineData("/s", new[] { "/save", "/system" })]
    [InlineData("/SA", new[] { "/save" })]
    [InlineData("/", new[] { "/help", "/exit", "/reset", "/usage", "/save", "/load", "/model", "/system" })]
    [InlineData("/x", new string[0])]
    [InlineData("/save ./a", new string[0])]
    [InlineData("hello", new string[0])]
    public void Completion_offers_the_commands_that_start_with_the_word(string partial, string[] expected) =>
        Assert.Equal(expected, ChatCommand.Complete(partial));
}
