// GeoFence.Device build script (Cake 7, built-in aliases only: #addin/#tool are not reachable from this mirror).
// Targets: Clean, Build, Test, Bench, Publish, Package.  Usage: dotnet tool restore && dotnet cake --target=Test
// Package: per runtime a tar.gz and a .deb (hardware/deb/build-deb.sh), each with a .sha256; --package-version=X.Y.Z
// linux-x64 and linux-arm64 are NativeAOT by default (clang; for arm64 from x64 also lld and Debian's cross toolchain,
// installed by apt-get when run as root, see docs/native-aot.md), native symbols kept in artifacts/symbols/RID;
// --aot=false: the self-contained single-file JIT build instead. linux-arm is always framework-dependent JIT.
// Test publishes this machine's NativeAOT build first and smoke-tests it (NativeAotSmokeTests); --aot=false skips that.

using System.Security.Cryptography;
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var benchFilter = Argument("filter", "*");
var benchArgs = Argument("bench-args", "");
var packageVersion = Argument("package-version", "0.1.0");
var runtimes = Argument("runtimes", "linux-arm64,linux-arm,linux-x64").Split(',', StringSplitOptions.RemoveEmptyEntries);
var aot = Argument("aot", true);

var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var testResults = artifacts.Combine("test-results");
var solution = root.CombineWithFilePath("GeoFence.Device.sln");
var deviceProject = root.CombineWithFilePath("src/GeoFence.Device/GeoFence.Device.csproj");
var benchProject = root.CombineWithFilePath("tests/GeoFence.Benchmarks/GeoFence.Benchmarks.csproj");

// System tools the test suite drives for real: executable name -> Debian package.
var testPrerequisites = new[]
{
    Executable("mosquitto", "mosquitto"),
    Executable("mosquitto_sub", "mosquitto-clients"),
    Executable("socat", "socat"),
    Executable("gpspipe", "gpsd-clients"),
    Executable("chronyd", "chrony"),
    Executable("chromium", "chromium"),
};

// The NativeAOT executable the Test target published for the smoke tests (null: not published, they are skipped).
string aotSmokeExecutable = null;

Task("Clean").Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(solution.FullPath, new DotNetCleanSettings { Configuration = configuration });
});

Task("Build").Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings { Configuration = configuration });
});

Task("TestPrerequisites").Does(() =>
{
    EnsureDebianPackages("test tools", testPrerequisites);
});

// The NativeAOT build of this machine's runtime, published as Package publishes it, for NativeAotSmokeTests.
Task("PublishAotSmoke").IsDependentOn("Build").Does(() =>
{
    var rid = HostRuntime();
    if (!aot)
    {
        Information("--aot=false: no NativeAOT build, NativeAotSmokeTests are skipped (and counted as skipped)");
        return;
    }

    if (rid is null || !AotCapable(rid))
    {
        Information($"No NativeAOT build for this machine ({System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}): NativeAotSmokeTests are skipped");
        return;
    }

    var smoke = artifacts.Combine("aot-smoke");
    var output = smoke.Combine(rid);
    CleanDirectory(output);
    PublishNativeAot(rid, output, smoke.Combine("symbols"));
    aotSmokeExecutable = output.CombineWithFilePath("geofence-device").FullPath;
    Information($"NativeAOT smoke build: {aotSmokeExecutable}");
});

Task("Test").IsDependentOn("TestPrerequisites").IsDependentOn("Build").IsDependentOn("PublishAotSmoke").Does(() =>
{
    CleanDirectory(testResults);
    var projects = GetFiles(root.FullPath + "/tests/*Tests/*.csproj").OrderBy(p => p.FullPath).ToList();
    var failures = new List<string>();
    foreach (var project in projects)
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                ResultsDirectory = testResults,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=normal" },
                EnvironmentVariables = aotSmokeExecutable is null ? null : new Dictionary<string, string> { ["GEOFENCE_AOT_EXECUTABLE"] = aotSmokeExecutable },
            });
        }
        catch (Exception e)
        {
            failures.Add($"{name}: {e.Message}");
        }
    }
    int passed = 0, failed = 0, skipped = 0;
    var failedTests = new List<string>();
    foreach (var trx in GetFiles(testResults.FullPath + "/*.trx"))
    {
        var document = XDocument.Load(trx.FullPath);
        failedTests.AddRange(FailedTestLines(document));
        var counters = document.Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string attribute) => int.Parse(counters.Attribute(attribute)?.Value ?? "0");
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
    }
    if (projects.Count > 0 && GetFiles(testResults.FullPath + "/*.trx").Count < projects.Count)
    {
        failures.Add("a test project produced no TRX result (crashed test host?)");
        failed += 1;
    }
    var summary = skipped > 0 ? $"{passed} passed, {failed} failed, {skipped} skipped" : $"{passed} passed, {failed} failed";
    // The failures go into the summary too: CI shows only the tail of the log, and the count line stays last.
    var failedBlock = failedTests.Count == 0 ? "" : "Failed tests:\n" + string.Join("\n", failedTests) + "\n";
    Console.Write(failedBlock);
    System.IO.File.WriteAllText(testResults.CombineWithFilePath("summary.txt").FullPath, failedBlock + summary + "\n");
    Console.WriteLine(summary);
    if (failures.Count > 0 || failed > 0 || passed == 0)
    {
        throw new Exception("Tests failed: " + string.Join("; ", failures.DefaultIfEmpty($"{failed} failed, {passed} passed")));
    }
});

Task("Bench").Does(() =>
{
    DotNetRun(benchProject.FullPath, new ProcessArgumentBuilder().Append("--filter").AppendQuoted(benchFilter).Append(benchArgs),
        new DotNetRunSettings { Configuration = "Release" });
});

Task("Publish").Does(() =>
{
    foreach (var rid in runtimes)
    {
        var output = artifacts.Combine("publish").Combine(rid);
        CleanDirectory(output);
        if (FrameworkDependentOnly(rid))
        {
            // This package mirror serves no self-contained runtime pack for 32-bit ARM: publish the portable
            // framework-dependent build (needs the .NET 10 runtime on the unit), keep only the ARM native parts,
            // and add a launcher script.
            DotNetPublish(deviceProject.FullPath, new DotNetPublishSettings
            {
                Configuration = configuration,
                OutputDirectory = output,
                MSBuildSettings = new DotNetMSBuildSettings().WithProperty("UseAppHost", "false").WithProperty("DebugType", "none"),
            });
            foreach (var dir in System.IO.Directory.GetDirectories(output.Combine("runtimes").FullPath))
            {
                var name = System.IO.Path.GetFileName(dir);
                if (name != rid && name != "unix") System.IO.Directory.Delete(dir, recursive: true);
            }
            var launcher = output.CombineWithFilePath("geofence-device").FullPath;
            System.IO.File.WriteAllText(launcher, "#!/bin/sh\nexec dotnet \"$(dirname \"$(readlink -f \"$0\")\")/geofence-device.dll\" \"$@\"\n");
            Run("chmod", $"755 \"{launcher}\"");
            Information($"{rid}: framework-dependent (needs dotnet 10 runtime on the unit)");
            continue;
        }

        if (aot && AotCapable(rid))
        {
            PublishNativeAot(rid, output, artifacts.Combine("symbols").Combine(rid));
            continue;
        }

        DotNetPublish(deviceProject.FullPath, new DotNetPublishSettings
        {
            Configuration = configuration,
            Runtime = rid,
            SelfContained = true,
            PublishSingleFile = true,
            OutputDirectory = output,
            MSBuildSettings = new DotNetMSBuildSettings()
                .WithProperty("IncludeNativeLibrariesForSelfExtract", "true")
                .WithProperty("DebugType", "none"),
        });
    }
});

Task("Package").IsDependentOn("Publish").Does(() =>
{
    var packages = artifacts.Combine("packages");
    EnsureDirectoryExists(packages);
    var flavours = new List<string>();
    foreach (var rid in runtimes)
    {
        var publishDir = artifacts.Combine("publish").Combine(rid);
        var tarball = packages.CombineWithFilePath($"geofence-device-{rid}.tar.gz");
        Run("tar", $"-czf \"{tarball.FullPath}\" -C \"{publishDir.FullPath}\" .");
        using var stream = System.IO.File.OpenRead(tarball.FullPath);
        var hash = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        System.IO.File.WriteAllText(tarball.FullPath + ".sha256", $"{hash}  {tarball.GetFilename()}\n");
        Information($"{tarball.GetFilename()}  sha256 {hash}");

        // One .deb per architecture, built by the same script the Packaging tests run (writes its own .sha256).
        var flavour = FrameworkDependentOnly(rid) ? "framework-dependent" : aot && AotCapable(rid) ? "native-aot" : "self-contained";
        Run("sh", $"\"{root.CombineWithFilePath("hardware/deb/build-deb.sh").FullPath}\" {DebianArchitecture(rid)} {packageVersion} \"{publishDir.FullPath}\" \"{packages.FullPath}\" {flavour}");
        flavours.Add($"{rid}: {flavour}");
    }

    Information("Package flavours: " + string.Join("; ", flavours));
});

Task("Default").IsDependentOn("Test");

RunTarget(target);

// Runtimes whose self-contained runtime pack this mirror does not serve (checked 2026-11-28: linux-arm).
bool FrameworkDependentOnly(string rid) => rid == "linux-arm";

// Runtimes this mirror serves a NativeAOT compiler pack for (runtime.<rid>.Microsoft.DotNet.ILCompiler).
bool AotCapable(string rid) => rid is "linux-x64" or "linux-arm64";

// NativeAOT publish of one runtime: one native executable plus libe_sqlite3.so and libSystem.IO.Ports.Native.so.
// Cross-compiling linux-arm64 on x64 links with lld and strips with the cross objcopy (docs/native-aot.md). Missing
// toolchain packages are installed (root + apt-get) or the build stops with the apt-get line: never a silent JIT build.
void PublishNativeAot(string rid, DirectoryPath output, DirectoryPath symbols)
{
    var host = HostRuntime();
    var cross = host != rid;
    if (cross && !(host == "linux-x64" && rid == "linux-arm64"))
    {
        throw new Exception($"NativeAOT for {rid} is built on {rid} itself or, for linux-arm64, on linux-x64; this machine is {host ?? "unknown"}. Use --aot=false for the JIT build.");
    }

    EnsureDebianPackages($"the NativeAOT toolchain for {rid}", AotToolchain(rid, cross));

    var settings = new DotNetMSBuildSettings().WithProperty("PublishAot", "true");
    if (cross)
    {
        settings = settings.WithProperty("LinkerFlavor", "lld").WithProperty("ObjCopyName", "aarch64-linux-gnu-objcopy");
    }

    var watch = System.Diagnostics.Stopwatch.StartNew();
    DotNetPublish(deviceProject.FullPath, new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = rid,
        OutputDirectory = output,
        MSBuildSettings = settings,
    });
    var seconds = watch.Elapsed.TotalSeconds;

    // Keep the native symbols out of the package but next to it, for reading a field crash; the libraries' .pdb
    // files are of no use to a native binary.
    CleanDirectory(symbols);
    foreach (var dbg in GetFiles(output.FullPath + "/*.dbg"))
    {
        MoveFile(dbg, symbols.CombineWithFilePath(dbg.GetFilename()));
    }

    DeleteFiles(GetFiles(output.FullPath + "/*.pdb"));
    Information($"{rid}: NativeAOT{(cross ? " (cross-compiled)" : "")} in {seconds:0} s, symbols in {symbols}");
}

// What ILC's link step runs, as Debian packages. Native: clang (pulls binutils' ld and objcopy, libc6-dev). arm64 from
// x64: also lld (the host's ld only knows x86), the cross objcopy, the cross gcc (crt files, libgcc) and the arm64
// multiarch libc6-dev. No zlib1g-dev: ILCompiler 10 links its own libz.a (UseSystemZlib is off).
(string What, Func<bool> Present, string Package)[] AotToolchain(string rid, bool cross) => cross
    ? new[]
    {
        Executable("clang", "clang"),
        Executable("ld.lld", "lld"),
        Executable("aarch64-linux-gnu-objcopy", "binutils-aarch64-linux-gnu"),
        Executable("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
        InstalledFile("/usr/lib/aarch64-linux-gnu/Scrt1.o", "libc6-dev:arm64"),
    }
    : new[] { Executable("clang", "clang"), Executable("objcopy", "binutils") };

// This machine's runtime identifier, or null where the project builds none.
string HostRuntime() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
{
    System.Runtime.InteropServices.Architecture.X64 => "linux-x64",
    System.Runtime.InteropServices.Architecture.Arm64 => "linux-arm64",
    System.Runtime.InteropServices.Architecture.Arm => "linux-arm",
    _ => null,
};

// A requirement met by an executable on PATH.
static (string What, Func<bool> Present, string Package) Executable(string tool, string package) => (tool, () => OnPath(tool), package);

// A requirement met by a file a package installs.
static (string What, Func<bool> Present, string Package) InstalledFile(string path, string package) => (path, () => System.IO.File.Exists(path), package);

// Installs the Debian packages of the missing requirements (root + apt-get; a foreign architecture is added first), or
// stops with the exact command to run.
void EnsureDebianPackages(string purpose, (string What, Func<bool> Present, string Package)[] requirements)
{
    var missing = requirements.Where(r => !r.Present()).Select(r => r.Package).Distinct().ToArray();
    if (missing.Length == 0) { Information($"Present for {purpose}: {string.Join(", ", requirements.Select(r => r.What))}"); return; }
    var foreign = missing.Where(p => p.Contains(':')).Select(p => p[(p.IndexOf(':') + 1)..]).Distinct().ToArray();
    var addArchitectures = string.Concat(foreign.Select(a => $"dpkg --add-architecture {a} && "));
    var installLine = $"{addArchitectures}apt-get update && apt-get install -y {string.Join(" ", missing)}";
    if (Environment.UserName != "root" || !OnPath("apt-get"))
    {
        throw new Exception($"Missing for {purpose} ({string.Join(", ", missing)}). Install them with: sudo sh -c '{installLine}'");
    }

    Information($"Installing for {purpose}: {string.Join(", ", missing)}");
    foreach (var architecture in foreign)
    {
        Run("dpkg", $"--add-architecture {architecture}");
    }

    Run("apt-get", "update -qq");
    Run("apt-get", "install -y -qq --no-install-recommends " + string.Join(" ", missing), new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
    var still = requirements.Where(r => !r.Present()).Select(r => r.What).ToArray();
    if (still.Length > 0) throw new Exception($"Still missing for {purpose} after apt-get: {string.Join(", ", still)}. Install with: {installLine}");
}

// Debian's name for a .NET runtime identifier's architecture.
string DebianArchitecture(string rid) => rid switch
{
    "linux-arm64" => "arm64",
    "linux-arm" => "armhf",
    "linux-x64" => "amd64",
    _ => throw new Exception($"No Debian architecture for {rid}"),
};

static bool OnPath(string tool)
{
    var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(new[] { "/usr/sbin", "/sbin" });
    return dirs.Any(d => d.Length > 0 && System.IO.File.Exists(System.IO.Path.Combine(d, tool)));
}

void Run(string tool, string arguments, IDictionary<string, string> environment = null)
{
    var exit = StartProcess(tool, new ProcessSettings { Arguments = arguments, EnvironmentVariables = environment });
    if (exit != 0) throw new Exception($"{tool} {arguments} exited with {exit}");
}

// One line per failed test in a TRX document: name and the first 400 characters of its message, on one line.
static IEnumerable<string> FailedTestLines(XDocument trx)
{
    foreach (var result in trx.Descendants().Where(e => e.Name.LocalName == "UnitTestResult"))
    {
        var outcome = result.Attribute("outcome")?.Value;
        if (outcome is "Passed" or "NotExecuted") continue;
        var message = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "";
        message = string.Join(" ", message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (message.Length > 400) message = message[..400] + "…";
        yield return $"  {outcome}: {result.Attribute("testName")?.Value} — {message}";
    }
}
