using Strands.Tests.Hosting;
using Xunit;

namespace Strands.Tests.Pester
{
    /// <summary>
    /// Proves the runner against small inline files, in plain PowerShell so they do not depend on our
    /// cmdlets. Each file pairs a case that must pass with one that must fail, so a runner that passes
    /// everything (or fails everything) is caught.
    /// </summary>
    public sealed class PesterRunnerSelfTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("pester-selftest-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public void A_passing_file_passes()
        {
            var result = Run("""
                Describe 'math' {
                    It 'adds' { 1 + 1 | Should -Be 2 }
                    It 'compares' { 3 | Should -BeGreaterThan 2 }
                }
                """);

            Assert.True(result.Succeeded, result.FailureReport());
            Assert.Equal(2, result.PassedCount);
        }

        [Fact]
        public void A_failing_It_fails_the_file_with_Pesters_message_and_line()
        {
            var result = Run("""
                Describe 'math' {
                    It 'passes' { 2 | Should -Be 2 }
                    It 'is wrong' { 5 | Should -Be 4 }
                }
                """);

            Assert.False(result.Succeeded);
            Assert.Equal(1, result.FailedCount);
            var failed = Assert.Single(result.Tests, t => t.Result == "Failed");
            Assert.Equal("math > is wrong", failed.ExpandedPath);
            Assert.StartsWith("Expected 4, but got 5.", failed.ErrorMessage);
            Assert.Contains("line 3", failed.ErrorMessage);
            Assert.Contains("[-] math > is wrong", result.FailureReport());
            Assert.Contains("Expected 4, but got 5.", result.FailureReport());
        }

        [Fact]
        public void Skip_reports_skipped_without_running_the_body()
        {
            var result = Run("""
                Describe 'd' {
                    It 'skipped' -Skip { throw 'must not run' }
                    It 'conditionally skipped' -Skip:$false { 1 | Should -Be 1 }
                    Context 'skipped block' -Skip { It 'inner' { throw 'must not run' } }
                }
                """);

            Assert.True(result.Succeeded, result.FailureReport());
            Assert.Equal(
                ["d > skipped: Skipped", "d > conditionally skipped: Passed", "d > skipped block > inner: Skipped"],
                result.Tests.Select(t => t.ExpandedPath + ": " + t.Result));
        }

        [Fact]
        public void TestCases_and_ForEach_expand_names_and_define_variables()
        {
            var result = Run("""
                BeforeDiscovery { $routes = @('openai', 'ollama') }
                Describe 'route <_>' -ForEach $routes {
                    It '<Left> plus <Right> is <Sum>' -TestCases @(
                        @{ Left = 1; Right = 2; Sum = 3 }
                        @{ Left = 2; Right = 2; Sum = 5 }
                    ) {
                        $Left + $Right | Should -Be $Sum
                        $_.Sum | Should -Be $Sum
                    }
                }
                """);

            Assert.Equal(
                [
                    "route openai > 1 plus 2 is 3: Passed", "route openai > 2 plus 2 is 5: Failed",
                    "route ollama > 1 plus 2 is 3: Passed", "route ollama > 2 plus 2 is 5: Failed",
                ],
                result.Tests.Select(t => t.ExpandedPath + ": " + t.Result));
        }

        [Fact]
        public void Setup_runs_in_order_and_AfterEach_runs_when_the_It_fails()
        {
            using var session = PowerShellSession.Open(importModule: false);
            var result = RunIn(session, """
                BeforeAll { $global:order = [System.Collections.Generic.List[string]]::new(); $order.Add('ba') }
                Describe 'd' {
                    BeforeAll { $order.Add('d.ba'); $shared = 'from BeforeAll' }
                    BeforeEach { $order.Add('be') }
                    AfterEach { $order.Add('ae') }
                    It 'one' { $order.Add('it1'); $shared | Should -Be 'from BeforeAll'; $leak = 'set in one' }
                    It 'two' { $order.Add('it2'); $leak | Should -BeNullOrEmpty; throw 'boom' }
                    AfterAll { $order.Add('d.aa') }
                }
                AfterAll { $order.Add('aa') }
                """);

            Assert.Equal(["d > one: Passed", "d > two: Failed"], result.Tests.Select(t => t.ExpandedPath + ": " + t.Result));
            Assert.StartsWith("boom", result.Tests[1].ErrorMessage);
            var order = session.Invoke("$global:order -join ','").ThrowIfErrors().Output.Single().ToString();
            Assert.Equal("ba,d.ba,be,it1,ae,be,it2,ae,d.aa,aa", order);
        }

        [Fact]
        public void Should_Throw_matches_ErrorId_message_and_type()
        {
            var result = Run("""
                Describe 'throw' {
                    It 'matching id' { { Get-Command -Name No-SuchThing -ErrorAction Stop } | Should -Throw -ErrorId 'CommandNotFoundException' }
                    It 'other id' { { throw [ArgumentException]::new('bad arg') } | Should -Throw -ErrorId 'NotThisId' }
                    It 'message and type' {
                        $err = { throw [ArgumentException]::new('bad arg') } | Should -Throw -ExpectedMessage 'bad*' -ExceptionType ([ArgumentException]) -PassThru
                        $err.Exception.Message | Should -Be 'bad arg'
                    }
                    It 'nothing thrown' { { 1 } | Should -Throw }
                }
                """);

            Assert.Equal(["Passed", "Failed", "Passed", "Failed"], result.Tests.Select(t => t.Result));
            Assert.StartsWith("Expected an exception with FullyQualifiedErrorId 'NotThisId' to be thrown, but the FullyQualifiedErrorId was", result.Tests[1].ErrorMessage);
            Assert.StartsWith("Expected an exception to be thrown, but no exception was thrown.", result.Tests[3].ErrorMessage);
        }

        [Fact]
        public void Mock_records_calls_for_Should_Invoke_within_its_block()
        {
            var result = Run("""
                BeforeAll { function Get-Weather { param([string]$City) "real weather in $City" } }
                Describe 'weather' {
                    BeforeAll { Mock Get-Weather { 'sunny' } }
                    It 'called once for Oslo' {
                        Get-Weather -City Oslo | Should -Be 'sunny'
                        Should -Invoke Get-Weather -Times 1 -Exactly -ParameterFilter { $City -eq 'Oslo' }
                    }
                    It 'counts only this test and filters' {
                        Mock Get-Weather { 'rain' } -ParameterFilter { $City -eq 'Bergen' }
                        Get-Weather Bergen | Should -Be 'rain'
                        Get-Weather Oslo | Should -Be 'sunny'
                        Should -Invoke Get-Weather -Times 2 -Exactly
                        Should -Invoke Get-Weather -Times 1 -Exactly -ParameterFilter { $City -eq 'Bergen' }
                    }
                    It 'wrong count' { Get-Weather Oslo; Should -Invoke Get-Weather -Times 2 -Exactly }
                }
                Describe 'after the block' {
                    It 'calls the real command again' { Get-Weather Oslo | Should -Be 'real weather in Oslo' }
                }
                """);

            Assert.Equal(["Passed", "Passed", "Failed", "Passed"], result.Tests.Select(t => t.Result));
            Assert.StartsWith("Expected Get-Weather to be called exactly 2 times, but was called 1 times.", result.Tests[2].ErrorMessage);
        }

        [Fact]
        public void Piped_values_are_collected_like_Pester_does()
        {
            var result = Run("""
                Describe 'collections' {
                    It 'counts piped items' { @(1, 2) | Should -HaveCount 2 }
                    It 'null and empty are empty' { $null | Should -BeNullOrEmpty; @() | Should -BeNullOrEmpty; @() | Should -HaveCount 0 }
                    It 'finds an item' { @('a', 'b') | Should -Contain 'b' }
                    It 'wrong count' { @(1, 2, 3) | Should -HaveCount 2 }
                    It 'missing item' { @('a', 'b') | Should -Contain 'c' }
                    It 'empty is not a value' { @() | Should -Not -BeNullOrEmpty }
                }
                """);

            Assert.Equal(["Passed", "Passed", "Passed", "Failed", "Failed", "Failed"], result.Tests.Select(t => t.Result));
            Assert.StartsWith("Expected a collection with size 2, but got collection with size 3 @(1, 2, 3).", result.Tests[3].ErrorMessage);
            Assert.StartsWith("Expected 'c' to be found in collection @('a', 'b'), but it was not found.", result.Tests[4].ErrorMessage);
        }

        [Fact]
        public void Not_inverts_an_assertion()
        {
            var result = Run("""
                Describe 'not' {
                    It 'different' { 1 | Should -Not -Be 2 -Because 'they differ' }
                    It 'same' { 1 | Should -Not -Be 1 }
                    It 'no match' { 'abc' | Should -Not -Match '^x' }
                }
                """);

            Assert.Equal(["Passed", "Failed", "Passed"], result.Tests.Select(t => t.Result));
            Assert.StartsWith("Expected 1 to be different from the actual value, but got the same value.", result.Tests[1].ErrorMessage);
        }

        [Fact]
        public void A_file_without_tests_or_with_a_discovery_error_fails()
        {
            var empty = Run("Describe 'nothing here' { }");
            var broken = Run("Describe 'broken' { It 'never' { }; throw 'discovery blew up' }");

            Assert.False(empty.Succeeded);
            Assert.Contains("no tests", empty.FailureReport());
            Assert.False(broken.Succeeded);
            Assert.Contains("discovery blew up", broken.FailureReport());
        }

        [Fact]
        public void TestDrive_and_PSScriptRoot_are_set_for_the_file()
        {
            File.WriteAllText(Path.Combine(_dir, "Helper.ps1"), "function Get-HelperValue { 'from helper' }");
            var result = Run("""
                BeforeAll { . "$PSScriptRoot/Helper.ps1" }
                Describe 'paths' {
                    It 'dot-sources a helper next to the file' { Get-HelperValue | Should -Be 'from helper' }
                    It 'writes to TestDrive' {
                        [IO.File]::WriteAllText([IO.Path]::Combine($TestDrive, 'x.txt'), 'x')
                        [IO.File]::Exists([IO.Path]::Combine($TestDrive, 'x.txt')) | Should -BeTrue
                    }
                }
                """);

            Assert.True(result.Succeeded, result.FailureReport());
        }

        [Fact]
        public void Setup_failures_fail_the_Its_below_and_teardown_failures_fail_the_file()
        {
            var result = Run("""
                Describe 'broken setup' {
                    BeforeAll { throw 'setup failed' }
                    It 'never runs' { 1 | Should -Be 1 }
                }
                Describe 'broken teardown' {
                    It 'runs' { 1 | Should -Be 1 }
                    AfterAll { throw 'teardown failed' }
                }
                """);

            Assert.Equal(["Failed", "Passed"], result.Tests.Select(t => t.Result));
            Assert.StartsWith("setup failed", result.Tests[0].ErrorMessage);
            Assert.Contains("teardown failed", Assert.Single(result.FileErrors));
            Assert.False(result.Succeeded);
        }

        [Theory]
        [InlineData("It 'fails' { 1 | Should -Be 2 }", 1)]
        [InlineData("It 'passes' { 1 | Should -Be 1 }", null)]
        public void CI_exits_with_the_failure_count(string it, int? exitCode)
        {
            var file = Path.Combine(_dir, "Exit.Tests.ps1");
            File.WriteAllText(file, "Describe 'd' { " + it + " }");
            using var session = PowerShellSession.Open(importModule: false);

            session.Invoke(
                "Import-Module -Name $runner; Invoke-Pester -Path $file -CI -Output None",
                new Dictionary<string, object?> { ["runner"] = RepoPaths.PesterRunner, ["file"] = file }).ThrowIfErrors();

            Assert.Equal(exitCode, session.Host.ExitCode);
        }

        private PesterRunResult Run(string script)
        {
            using var session = PowerShellSession.Open(importModule: false);
            return RunIn(session, script);
        }

        private PesterRunResult RunIn(PowerShellSession session, string script)
        {
            var file = Path.Combine(_dir, "Inline.Tests.ps1");
            File.WriteAllText(file, script);
            return PesterRunner.RunFile(session, file);
        }
    }
}
