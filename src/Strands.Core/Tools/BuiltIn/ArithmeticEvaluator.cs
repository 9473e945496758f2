using System;
using System.Collections.Generic;
using System.Globalization;

namespace Strands.Tools.BuiltIn
{
    /// <summary>
    /// Evaluates arithmetic with a small recursive-descent parser: numbers, + - * / % ^,
    /// parentheses, unary signs, constants (pi, e) and a fixed set of functions. It never executes
    /// code: a model-written expression can compute, nothing else, and nothing is handed to Invoke-Expression.
    /// </summary>
    public static class ArithmeticEvaluator
    {
        private const int MaxLength = 4096;
        private const int MaxDepth = 200;

        private static readonly Dictionary<string, Func<double[], double>> Functions = new(StringComparer.OrdinalIgnoreCase)
        {
            ["sqrt"] = a => Math.Sqrt(One(a, "sqrt")),
            ["abs"] = a => Math.Abs(One(a, "abs")),
            ["floor"] = a => Math.Floor(One(a, "floor")),
            ["ceil"] = a => Math.Ceiling(One(a, "ceil")),
            ["round"] = a => a.Length == 2 ? Math.Round(a[0], (int)a[1], MidpointRounding.AwayFromZero) : Math.Round(One(a, "round"), MidpointRounding.AwayFromZero),
            ["exp"] = a => Math.Exp(One(a, "exp")),
            ["ln"] = a => Math.Log(One(a, "ln")),
            ["log"] = a => a.Length == 2 ? Math.Log(a[0], a[1]) : Math.Log10(One(a, "log")),
            ["sin"] = a => Math.Sin(One(a, "sin")),
            ["cos"] = a => Math.Cos(One(a, "cos")),
            ["tan"] = a => Math.Tan(One(a, "tan")),
            ["min"] = a => a.Length == 0 ? throw Error("min needs at least one argument") : Min(a),
            ["max"] = a => a.Length == 0 ? throw Error("max needs at least one argument") : Max(a),
        };

        /// <summary>The value of <paramref name="expression"/>; <see cref="FormatException"/> with a clear message when it is not valid arithmetic.</summary>
        public static double Evaluate(string expression)
        {
            if (expression is null) throw Error("no expression given");
            if (expression.Length > MaxLength) throw Error($"the expression is longer than {MaxLength} characters");
            var parser = new Parser(expression);
            var value = parser.ParseExpression(0);
            parser.SkipSpaces();
            if (!parser.AtEnd) throw Error($"unexpected '{parser.Current}' at position {parser.Position + 1}");
            return value;
        }

        /// <summary>A result as text: integers without decimals, others with up to 15 significant digits.</summary>
        public static string Format(double value)
        {
            if (double.IsNaN(value)) return "NaN";
            if (double.IsInfinity(value)) return value > 0 ? "Infinity" : "-Infinity";
            if (Math.Abs(value) < 1e15 && value == Math.Floor(value)) return ((long)value).ToString(CultureInfo.InvariantCulture);
            return value.ToString("G15", CultureInfo.InvariantCulture);
        }

        private static double One(double[] args, string name) =>
            args.Length == 1 ? args[0] : throw Error($"{name} takes one argument");

        private static double Min(double[] a) { var m = a[0]; foreach (var v in a) m = Math.Min(m, v); return m; }
        private static double Max(double[] a) { var m = a[0]; foreach (var v in a) m = Math.Max(m, v); return m; }

        private static FormatException Error(string message) => new("Invalid expression: " + message + ".");

        private sealed class Parser
        {
            private readonly string _s;
            public int Position;

            public Parser(string s) => _s = s;

            public bool AtEnd => Position >= _s.Length;
            public char Current => _s[Position];

            public void SkipSpaces()
            {
                while (!AtEnd && char.IsWhiteSpace(Current)) Position++;
            }

            private bool Take(char c)
            {
                SkipSpaces();
                if (AtEnd || Current != c) return false;
                Position++;
                return true;
            }

            // Precedence climbing: + - (1), * / % (2), ^ (3, right-associative), unary signs bind tighter than binary operators but looser than ^.
            public double ParseExpression(int depth)
            {
                if (depth > MaxDepth) throw Error("the expression is nested too deeply");
                var left = ParseTerm(depth);
                while (true)
                {
                    if (Take('+')) left += ParseTerm(depth);
                    else if (Take('-')) left -= ParseTerm(depth);
                    else return left;
                }
            }

            private double ParseTerm(int depth)
            {
                var left = ParseUnary(depth);
                while (true)
                {
                    if (Take('*')) left *= ParseUnary(depth);
                    else if (Take('/'))
                    {
                        var right = ParseUnary(depth);
                        if (right == 0) throw Error("division by zero");
                        left /= right;
                    }
                    else if (Take('%'))
                    {
                        var right = ParseUnary(depth);
                        if (right == 0) throw Error("division by zero");
                        left %= right;
                    }
                    else return left;
                }
            }

            private double ParseUnary(int depth)
            {
                if (depth > MaxDepth) throw Error("the expression is nested too deeply");
                if (Take('-')) return -ParseUnary(depth + 1);
                if (Take('+')) return ParseUnary(depth + 1);
                return ParsePower(depth);
            }

            private double ParsePower(int depth)
            {
                var value = ParsePrimary(depth);
                if (Take('^') || TakeDoubleStar()) return Math.Pow(value, ParseUnary(depth + 1));
                return value;
            }

            private bool TakeDoubleStar()
            {
                SkipSpaces();
                if (Position + 1 < _s.Length && _s[Position] == '*' && _s[Position + 1] == '*') { Position += 2; return true; }
                return false;
            }

            private double ParsePrimary(int depth)
            {
                SkipSpaces();
                if (AtEnd) throw Error("the expression ends too early");
                if (Take('('))
                {
                    var inner = ParseExpression(depth + 1);
                    if (!Take(')')) throw Error("a ')' is missing");
                    return inner;
                }
                if (char.IsDigit(Current) || Current == '.') return ParseNumber();
                if (char.IsLetter(Current)) return ParseName(depth);
                throw Error($"unexpected '{Current}' at position {Position + 1}");
            }

            private double ParseNumber()
            {
                var start = Position;
                while (!AtEnd && (char.IsDigit(Current) || Current == '.')) Position++;
                if (!AtEnd && (Current == 'e' || Current == 'E'))
                {
                    var save = Position;
                    Position++;
                    if (!AtEnd && (Current == '+' || Current == '-')) Position++;
                    if (!AtEnd && char.IsDigit(Current)) while (!AtEnd && char.IsDigit(Current)) Position++;
                    else Position = save;
                }
                var text = _s.Substring(start, Position - start);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) throw Error($"'{text}' is not a number");
                return value;
            }

            private double ParseName(int depth)
            {
                var start = Position;
                while (!AtEnd && char.IsLetterOrDigit(Current)) Position++;
                var name = _s.Substring(start, Position - start);
                if (name.Equals("pi", StringComparison.OrdinalIgnoreCase)) return Math.PI;
                if (name.Equals("e", StringComparison.OrdinalIgnoreCase)) return Math.E;
                if (!Functions.TryGetValue(name, out var function)) throw Error($"unknown name '{name}'");
                if (!Take('(')) throw Error($"'{name}' needs parentheses");
                var args = new List<double>();
                if (!Take(')'))
                {
                    do args.Add(ParseExpression(depth + 1));
                    while (Take(','));
                    if (!Take(')')) throw Error("a ')' is missing");
                }
                return function(args.ToArray());
            }
        }
    }
}
