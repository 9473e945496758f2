using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Strands.Types
{
    /// <summary>
    /// A provider key held as a <see cref="SecureString"/>. It prints as <c>***</c> everywhere
    /// (ToString, serializers that call it, debug views); only the transport reveals it, briefly,
    /// to build a request header.
    /// </summary>
    public sealed class ApiKey
    {
        private readonly SecureString _value;

        /// <summary>Wraps a copy of a secure string.</summary>
        public ApiKey(SecureString value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            _value = value.Copy();
            _value.MakeReadOnly();
        }

        /// <summary>Wraps a plain-text key (from an environment variable or a string the caller gave).</summary>
        public static ApiKey FromPlainText(string value)
        {
            var secure = new SecureString();
            foreach (var c in value) secure.AppendChar(c);
            return new ApiKey(secure);
        }

        /// <summary>Number of characters, for diagnostics that must not show the key.</summary>
        public int Length => _value.Length;

        /// <summary>The plain key. Only transports call this, right before sending.</summary>
        internal string Reveal()
        {
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(_value);
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        /// <summary>Never the key.</summary>
        public override string ToString() => "***";
    }
}
