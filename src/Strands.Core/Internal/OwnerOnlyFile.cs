using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Strands.Internal
{
    /// <summary>
    /// Opens a file for writing that only its owner may read or write (mode 0600) on Unix, for files
    /// that hold whole conversations. The file is created with that mode, so no other user can open
    /// it between its creation and the first byte, and a file left behind by an earlier crash is
    /// narrowed to it before anything is written. On Windows the folder's ACL applies, as before.
    /// </summary>
    /// <remarks>
    /// netstandard2.0 has no Unix file modes; .NET 7 and later (every PowerShell 7 this module
    /// supports on Unix) do, as <c>FileStreamOptions.UnixCreateMode</c> and
    /// <c>File.SetUnixFileMode(SafeFileHandle, UnixFileMode)</c>. They are reached through
    /// reflection once; a runtime without them opens the file as before.
    /// </remarks>
    internal static class OwnerOnlyFile
    {
        // UnixFileMode.UserRead | UnixFileMode.UserWrite.
        private const int OwnerReadWrite = 0x100 | 0x080;

        private static readonly UnixModeApi? Api =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? null : UnixModeApi.TryLoad();

        /// <summary>Creates or truncates <paramref name="path"/> for exclusive writing, owner-only on Unix.</summary>
        public static FileStream Create(string path, int bufferSize)
        {
            if (Api is null) return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize);
            var stream = Api.Open(path, bufferSize);
            try
            {
                Api.Narrow(stream.SafeFileHandle);
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        private sealed class UnixModeApi
        {
            private readonly Type _optionsType;
            private readonly object _ownerOnly;
            private readonly MethodInfo _setModeOnHandle;

            private UnixModeApi(Type optionsType, object ownerOnly, MethodInfo setModeOnHandle)
            {
                _optionsType = optionsType;
                _ownerOnly = ownerOnly;
                _setModeOnHandle = setModeOnHandle;
            }

            public static UnixModeApi? TryLoad()
            {
                var optionsType = typeof(FileStream).Assembly.GetType("System.IO.FileStreamOptions");
                var modeType = typeof(FileStream).Assembly.GetType("System.IO.UnixFileMode");
                if (optionsType is null || modeType is null || optionsType.GetProperty("UnixCreateMode") is null) return null;
                var setMode = typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(SafeFileHandle), modeType });
                return setMode is null ? null : new UnixModeApi(optionsType, Enum.ToObject(modeType, OwnerReadWrite), setMode);
            }

            public FileStream Open(string path, int bufferSize)
            {
                var options = Activator.CreateInstance(_optionsType)!;
                Set(options, "Mode", FileMode.Create);
                Set(options, "Access", FileAccess.Write);
                Set(options, "Share", FileShare.None);
                Set(options, "BufferSize", bufferSize);
                Set(options, "UnixCreateMode", _ownerOnly);
                try
                {
                    return (FileStream)Activator.CreateInstance(typeof(FileStream), path, options)!;
                }
                catch (TargetInvocationException ex) when (ex.InnerException != null)
                {
                    // The caller handles IOException and UnauthorizedAccessException as from a plain FileStream.
                    ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                    throw;
                }
            }

            public void Narrow(SafeFileHandle handle)
            {
                try
                {
                    _setModeOnHandle.Invoke(null, new[] { handle, _ownerOnly });
                }
                catch (TargetInvocationException ex) when (ex.InnerException != null)
                {
                    // The caller handles IOException and UnauthorizedAccessException as from a plain FileStream.
                    ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                    throw;
                }
            }

            private void Set(object options, string name, object value) => _optionsType.GetProperty(name)!.SetValue(options, value);
        }
    }
}
