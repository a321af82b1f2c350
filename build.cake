// GeoFence.Device build script (Cake 7, built-in aliases only: #addin/#tool are not reachable from this mirror).
// Targets: Clean, Build, Test, Bench, Publish, Package.  Usage: dotnet tool restore && dotnet cake --target=Test
// Package: per runtime a tar.gz and a .deb (hardware/deb/build-deb.sh), each with a .sha256; --package-version=X.Y.Z
// --aot=true: linux-x64 and linux-arm64 as NativeAOT (clang, lld; for arm64 from x64 Debian's cross toolchain, see
// docs/native-aot.md), native symbols kept in artifacts/symbols/RID; linux-arm stays framework-dependent JIT.

using System.Security.Cryptography;
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var benchFilter = Argument("filter", "*");
var benchArgs = Argument("bench-args", "");
var packageVersion = Argument("package-version", "0.1.0");
var runtimes = Argument("runtimes", "linux-arm64,linux-arm,linux-x64").Split(',', StringSplitOptions.RemoveEmptyEntries);
var aot = Argument("aot", false);

var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var testResults = artifacts.Combine("test-results");
var solution = root.CombineWithFilePath("GeoFence.Device.sln");
var deviceProject = root.CombineWithFilePath("src/GeoFence.Device/GeoFence.Device.csproj");
var benchProject = root.CombineWithFilePath("tests/GeoFence.Benchmarks/GeoFence.Benchmarks.csproj");

// System tools the test suite drives for real: executable name -> Debian package.
var testPrerequisites = new (string Tool, string Package)[]
{
    ("mosquitto", "mosquitto"),
    ("mosquitto_sub", "mosquitto-clients"),
    ("socat", "socat"),
    ("gpspipe", "gpsd-clients"),
    ("chronyd", "chrony"),
    ("chromium", "chromium"),
};

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
    var missing = testPrerequisites.Where(p => !OnPath(p.Tool)).Select(p => p.Package).Distinct().ToArray();
    if (missing.Length == 0) { Information("Test prerequisites present: " + string.Join(", ", testPrerequisites.Select(p => p.Tool))); return; }
    var installLine = "apt-get update && apt-get install -y " + string.Join(" ", missing);
    var isRoot = Environment.UserName == "root";
    if (!isRoot || !OnPath("apt-get"))
    {
        throw new Exception($"Missing test tools ({string.Join(", ", missing)}). Install them with: sudo {installLine}");
    }
    Information($"Installing missing test tools: {string.Join(", ", missing)}");
    Run("apt-get", "update -qq");
    Run("apt-get", "install -y -qq --no-install-recommends " + string.Join(" ", missing), new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
    var still = testPrerequisites.Where(p => !OnPath(p.Tool)).Select(p => p.Tool).ToArray();
    if (still.Length > 0) throw new Exception($"Still missing after apt-get: {string.Join(", ", still)}. Install with: {installLine}");
});

Task("Test").IsDependentOn("TestPrerequisites").IsDependentOn("Build").Does(() =>
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
            PublishNativeAot(rid, output);
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
        var flavour = FrameworkDependentOnly(rid) ? "framework-dependent" : "self-contained";
        Run("sh", $"\"{root.CombineWithFilePath("hardware/deb/build-deb.sh").FullPath}\" {DebianArchitecture(rid)} {packageVersion} \"{publishDir.FullPath}\" \"{packages.FullPath}\" {flavour}");
    }
});

Task("Default").IsDependentOn("Test");

RunTarget(target);

// Runtimes whose self-contained runtime pack this mirror does not serve (checked 2026-11-28: linux-arm).
bool FrameworkDependentOnly(string rid) => rid == "linux-arm";

// Runtimes this mirror serves a NativeAOT compiler pack for (runtime.<rid>.Microsoft.DotNet.ILCompiler).
bool AotCapable(string rid) => rid is "linux-x64" or "linux-arm64";

// NativeAOT publish of one runtime: one native executable plus libe_sqlite3.so and libSystem.IO.Ports.Native.so.
// Cross-compiling linux-arm64 on x64 links with lld and strips with the cross objcopy (docs/native-aot.md).
void PublishNativeAot(string rid, DirectoryPath output)
{
    var cross = rid == "linux-arm64" && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.Arm64;
    var tools = cross
        ? new[] { ("clang", "clang"), ("ld.lld", "lld"), ("aarch64-linux-gnu-objcopy", "binutils-aarch64-linux-gnu"), ("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu") }
        : new[] { ("clang", "clang") };
    var missing = tools.Where(t => !OnPath(t.Item1)).Select(t => t.Item2).ToArray();
    if (missing.Length > 0)
    {
        var arm64 = cross ? "dpkg --add-architecture arm64 && apt-get update && apt-get install -y zlib1g-dev:arm64 " : "apt-get install -y ";
        throw new Exception($"NativeAOT for {rid} needs {string.Join(", ", missing)}: {arm64}{string.Join(" ", missing)} zlib1g-dev");
    }

    var settings = new DotNetMSBuildSettings().WithProperty("PublishAot", "true");
    if (cross)
    {
        settings = settings.WithProperty("LinkerFlavor", "lld").WithProperty("ObjCopyName", "aarch64-linux-gnu-objcopy");
    }

    DotNetPublish(deviceProject.FullPath, new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = rid,
        OutputDirectory = output,
        MSBuildSettings = settings,
    });

    // Keep the native symbols out of the package but next to it, for reading a field crash; the libraries' .pdb
    // files are of no use to a native binary.
    var symbols = artifacts.Combine("symbols").Combine(rid);
    CleanDirectory(symbols);
    foreach (var dbg in GetFiles(output.FullPath + "/*.dbg"))
    {
        MoveFile(dbg, symbols.CombineWithFilePath(dbg.GetFilename()));
    }

    DeleteFiles(GetFiles(output.FullPath + "/*.pdb"));
    Information($"{rid}: NativeAOT{(cross ? " (cross-compiled)" : "")}, symbols in {symbols}");
}

// Debian's name for a .NET runtime identifier's architecture.
string DebianArchitecture(string rid) => rid switch
{
    "linux-arm64" => "arm64",
    "linux-arm" => "armhf",
    "linux-x64" => "amd64",
    _ => throw new Exception($"No Debian architecture for {rid}"),
};

bool OnPath(string tool)
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
