// SPDX-License-Identifier: GPL-2.0-only
// The programs' command lines: bad input gets a message naming what is wrong and a non-zero
// exit, never a crash; a run stopped by a signal, killed, or short of disk space keeps what it
// recorded and says so. Each test works in a fresh temporary directory.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace
{

/// A fresh temporary directory, removed with everything in it at the end of the test.
class ScratchDir
{
  public:
    ScratchDir()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "expressroute-cli-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
        {
            throw std::runtime_error("mkdtemp failed");
        }
        m_path = pattern;
    }
    ~ScratchDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::string operator/(const std::string& name) const { return m_path + "/" + name; }

  private:
    std::string m_path;
};

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

nlohmann::json
ReadJson(const std::string& path)
{
    return nlohmann::json::parse(ReadFile(path), nullptr, false);
}

struct Outcome
{
    int exitCode;
    std::string output; ///< stdout and stderr
};

Outcome
RunProgram(const std::string& args)
{
    const std::string cmd = std::string(EXPRESSROUTE_BIN_DIR) + "/" + args + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf;
    while (pipe && std::fgets(buf.data(), buf.size(), pipe))
    {
        out += buf.data();
    }
    const int status = pipe ? ::pclose(pipe) : -1;
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

std::string
TempFile(const ScratchDir& dir, const std::string& name, const std::string& content)
{
    const auto path = dir / name;
    std::ofstream(path) << content;
    return path;
}

/// expressroute-sim started in the background, its output going to files.
class Background
{
  public:
    /// Starts expressroute-sim with @p args; a file-size limit of @p fsizeBytes if given.
    Background(const ScratchDir& dir,
               std::vector<std::string> args,
               std::optional<rlim_t> fsizeBytes = std::nullopt,
               const std::string& preload = "")
        : m_out(dir / "stdout.txt"),
          m_err(dir / "stderr.txt")
    {
        const std::string bin = std::string(EXPRESSROUTE_BIN_DIR) + "/expressroute-sim";
        args.insert(args.begin(), bin);
        m_pid = ::fork();
        if (m_pid == 0)
        {
            std::freopen(m_out.c_str(), "w", stdout);
            std::freopen(m_err.c_str(), "w", stderr);
            if (fsizeBytes)
            {
                const rlimit limit{*fsizeBytes, *fsizeBytes};
                ::setrlimit(RLIMIT_FSIZE, &limit);
            }
            if (!preload.empty())
            {
                ::setenv("LD_PRELOAD", preload.c_str(), 1);
            }
            std::vector<char*> argv;
            for (auto& a : args)
            {
                argv.push_back(a.data());
            }
            argv.push_back(nullptr);
            ::execv(bin.c_str(), argv.data());
            ::_exit(127);
        }
    }
    ~Background()
    {
        if (m_pid > 0 && !m_reaped)
        {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }

    void Signal(int sig) const { ::kill(m_pid, sig); }

    /// Exit code, or 128 + the signal that ended it.
    int Wait()
    {
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_reaped = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

    std::string Stdout() const { return ReadFile(m_out); }
    std::string Stderr() const { return ReadFile(m_err); }

  private:
    std::string m_out;
    std::string m_err;
    pid_t m_pid{-1};
    bool m_reaped{false};
};

/// Waits until @p runJson says the run reached scenario time > 0 (its first checkpoint), at
/// most 60 s; returns that run.json.
nlohmann::json
WaitForProgress(const std::string& runJson)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline)
    {
        const auto j = ReadJson(runJson);
        if (j.is_object() && j.value("status", "") == "running" && j.value("duration_s", 0.0) > 0)
        {
            return j;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return nullptr;
}

/// The data rows of a CSV table (lines after the header).
std::vector<std::string>
Rows(const std::string& csv)
{
    std::vector<std::string> rows;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line))
    {
        rows.push_back(line);
    }
    return rows;
}

} // namespace

TEST(SimCommandLine, BadDurationIsRefusedWithTheFlagNamed)
{
    ScratchDir tmp;
    const auto r = RunProgram("expressroute-sim --duration=abc --out=" + (tmp / "never"));
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("--duration=abc"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(tmp / "never"));
}

TEST(SimCommandLine, ZeroSeedIsRefused)
{
    const auto r = RunProgram("expressroute-sim --seed=0");
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("--seed=0"), std::string::npos) << r.output;
}

TEST(SimCommandLine, UnknownFlagIsRefused)
{
    const auto r = RunProgram("expressroute-sim --durtion=5s");
    EXPECT_NE(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("durtion"), std::string::npos) << r.output;
}

TEST(SimCommandLine, MissingScenarioFileIsNamed)
{
    const auto r = RunProgram("expressroute-sim --scenario=/nonexistent/contoso.json");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/nonexistent/contoso.json"), std::string::npos) << r.output;
}

TEST(SimCommandLine, MalformedJsonReportsLineAndColumn)
{
    ScratchDir tmp;
    const auto file = TempFile(tmp, "broken.json", "{\n  \"name\": \"x\",\n  \"sites\": [ }\n");
    const auto r = RunProgram("expressroute-sim --scenario=" + file);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find(file + ":3:"), std::string::npos) << r.output;
}

TEST(SimCommandLine, RuleViolationNamesTheJsonPath)
{
    ScratchDir tmp;
    const auto file = TempFile(tmp, "standard.json", R"({
  "name": "x",
  "sites": [{"name": "s", "location": "Amsterdam", "asn": 65001, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "p", "kind": "CloudExchange"}],
  "circuits": [{"name": "c", "site": "s", "provider": "p", "peeringLocation": "Amsterdam",
    "tier": "Standard", "bandwidth": "1Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.1.0/29", "vlan": 100}],
    "vnetLinks": [{"vnet": "us"}]}],
  "vnets": [{"name": "us", "region": "East US", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}}]
})");
    const auto r = RunProgram("expressroute-sim --scenario=" + file);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/circuits/0/vnetLinks/0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Premium"), std::string::npos) << r.output;
}

TEST(SimCommandLine, InterruptedRunReportsTheSimulatedTimeReached)
{
    ScratchDir tmp;
    const std::string out = tmp / "run";
    Background sim(tmp, {"--duration=600s", "--out=" + out});
    ASSERT_FALSE(WaitForProgress(out + "/run.json").is_null()) << sim.Stderr();
    sim.Signal(SIGINT);
    EXPECT_EQ(sim.Wait(), 130) << sim.Stderr();
    const auto run = ReadJson(out + "/run.json");
    ASSERT_TRUE(run.is_object());
    EXPECT_EQ(run["status"], "interrupted");
    const double reached = run["duration_s"].get<double>();
    EXPECT_GT(reached, 0.0);
    EXPECT_LT(reached, 600.0) << "the time reached, not the planned duration";
    EXPECT_EQ(run["planned_duration_s"].get<double>(), 600.0);
    const auto summary = ReadJson(out + "/summary.json");
    ASSERT_TRUE(summary.is_object()) << "what was recorded is summarised";
    EXPECT_EQ(summary["duration_s"].get<double>(), reached);
    // "scenario contoso-europe, seed 1, run 1, 41.5 s simulated of 600 s in ..."
    std::smatch m;
    const std::string printed = sim.Stdout();
    ASSERT_TRUE(
        std::regex_search(printed, m, std::regex(R"(, ([0-9.]+) s simulated of 600 s in )")))
        << printed;
    EXPECT_NEAR(std::stod(m[1]), reached, 0.0005) << printed;
    EXPECT_NE(sim.Stderr().find("interrupted by a signal at scenario time " + m[1].str() + " s"),
              std::string::npos)
        << sim.Stderr();
    // Every pair probes once a second: the rows cover the time reached.
    EXPECT_GE(Rows(ReadFile(out + "/probes.csv")).size(),
              5u * static_cast<std::size_t>(reached - 1));
}

TEST(SimCommandLine, KilledRunLeavesItsRowsAndRunJsonSaysRunning)
{
    ScratchDir tmp;
    const std::string out = tmp / "run";
    // An earlier complete run at the same path must not look current afterwards.
    const auto first = RunProgram("expressroute-sim --duration=1s --out=" + out);
    ASSERT_EQ(first.exitCode, 0) << first.output;
    ASSERT_EQ(ReadJson(out + "/run.json")["status"], "completed");

    Background sim(tmp, {"--duration=600s", "--out=" + out});
    ASSERT_FALSE(WaitForProgress(out + "/run.json").is_null()) << sim.Stderr();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sim.Signal(SIGKILL);
    EXPECT_EQ(sim.Wait(), 128 + SIGKILL);

    const auto run = ReadJson(out + "/run.json");
    ASSERT_TRUE(run.is_object()) << "run.json is whole";
    EXPECT_EQ(run["status"], "running") << "never the earlier run's completed";
    const double reached = run["duration_s"].get<double>();
    EXPECT_GT(reached, 0.0);
    EXPECT_EQ(run["planned_duration_s"].get<double>(), 600.0);
    const auto rows = Rows(ReadFile(out + "/probes.csv"));
    EXPECT_GE(rows.size(), 5u * static_cast<std::size_t>(reached - 1))
        << "5 pairs probe once a second: the rows up to the time reached are on disk";
    for (const auto& row : rows)
    {
        EXPECT_EQ(std::count(row.begin(), row.end(), ','), 6) << "whole rows only: " << row;
    }
    EXPECT_FALSE(Rows(ReadFile(out + "/links.csv")).empty());
    EXPECT_FALSE(std::filesystem::exists(out + "/summary.json"))
        << "no summary: the killed run could not compute one";

    // The next run at the path replaces the killed one.
    const auto again = RunProgram("expressroute-sim --duration=1s --out=" + out);
    EXPECT_EQ(again.exitCode, 0) << again.output;
    EXPECT_EQ(ReadJson(out + "/run.json")["status"], "completed");
}

TEST(SimCommandLine, OutAtADirectoryItDidNotWriteIsRefusedBeforeTheRun)
{
    ScratchDir tmp;
    const std::string mydata = tmp / "mydata";
    std::filesystem::create_directories(mydata);
    std::ofstream(mydata + "/thesis.txt") << "four years of work";
    const auto r = RunProgram("expressroute-sim --duration=1s --out=" + mydata);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("cannot write the run directory " + mydata), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("thesis.txt"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("simulated"), std::string::npos)
        << "refused before the run: " << r.output;
    EXPECT_EQ(ReadFile(mydata + "/thesis.txt"), "four years of work");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(mydata),
                            std::filesystem::directory_iterator()),
              1);

    std::ofstream(tmp / "results.csv") << "keep me";
    const auto file = RunProgram("expressroute-sim --duration=1s --out=" + (tmp / "results.csv"));
    EXPECT_EQ(file.exitCode, 1) << file.output;
    EXPECT_NE(file.output.find("it is a file"), std::string::npos) << file.output;
    EXPECT_EQ(ReadFile(tmp / "results.csv"), "keep me");
}

TEST(SimCommandLine, FullDiskNamesTheFileAndTheReasonAndStillPrintsTheSummary)
{
    // A file-size limit makes write(2) fail with EFBIG on the file that grows past it, as a
    // full disk fails with ENOSPC: the same path through the code, without mounting anything.
    // The captures grow fastest (every packet of the circuit links).
    ScratchDir tmp;
    const std::string out = tmp / "run";
    Background sim(tmp, {"--duration=3s", "--pcap", "--out=" + out}, 256 * 1024);
    EXPECT_EQ(sim.Wait(), 1) << sim.Stderr();
    const std::string err = sim.Stderr();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(err, m, std::regex("cannot write (\\S+\\.pcap): File too large")))
        << err;
    EXPECT_EQ(m[1].str().rfind(out + "/pcap/", 0), 0u) << "the real path: " << m[1];
    EXPECT_NE(sim.Stdout().find("rtt p50"), std::string::npos)
        << "the summary is printed: " << sim.Stdout();
    const auto run = ReadJson(out + "/run.json");
    ASSERT_TRUE(run.is_object());
    EXPECT_EQ(run["status"], "failed");
    EXPECT_NE(run["error"].get<std::string>().find("File too large"), std::string::npos);
}

TEST(SimCommandLine, InterruptedRunFreesEverything)
{
    // LeakSanitizer's run-time, preloaded: it reports (and fails the exit code on) any memory
    // still allocated and unreachable at exit.
    std::string lsan;
    for (const char* path : {"/usr/lib/x86_64-linux-gnu/liblsan.so.0",
                             "/usr/lib/aarch64-linux-gnu/liblsan.so.0", "/usr/lib64/liblsan.so.0"})
    {
        if (std::filesystem::exists(path))
        {
            lsan = path;
        }
    }
    if (lsan.empty())
    {
        GTEST_SKIP() << "liblsan.so.0 not found (Debian package liblsan0)";
    }
    ScratchDir tmp;
    const std::string out = tmp / "run";
    ::setenv("LSAN_OPTIONS", "exitcode=23", 1);
    Background sim(tmp, {"--duration=600s", "--out=" + out}, std::nullopt, lsan);
    ::unsetenv("LSAN_OPTIONS");
    ASSERT_FALSE(WaitForProgress(out + "/run.json").is_null()) << sim.Stderr();
    sim.Signal(SIGINT);
    EXPECT_EQ(sim.Wait(), 130) << sim.Stderr();
    EXPECT_EQ(sim.Stderr().find("LeakSanitizer"), std::string::npos) << sim.Stderr();
}

TEST(SimCommandLine, RunJsonRecordsTheDataFilesAndTheirDigest)
{
    ScratchDir tmp;
    const std::string data = tmp / "data";
    std::filesystem::copy(std::string(EXPRESSROUTE_SOURCE_DIR) + "/data", data);
    // The data directory as the environment gives it (none: the built-in one).
    auto dataOf = [&](const std::string& dataDir, const std::string& out) {
        if (!dataDir.empty())
        {
            ::setenv("EXPRESSROUTE_DATA_DIR", dataDir.c_str(), 1);
        }
        const auto r = RunProgram("expressroute-sim --duration=1s --out=" + (tmp / out));
        ::unsetenv("EXPRESSROUTE_DATA_DIR");
        EXPECT_EQ(r.exitCode, 0) << r.output;
        return ReadJson(tmp / (out + "/run.json"))["data"];
    };
    const auto builtIn = dataOf("", "a");
    EXPECT_EQ(builtIn["source"], "built-in");
    EXPECT_EQ(builtIn["dir"], std::string(EXPRESSROUTE_SOURCE_DIR) + "/data");
    EXPECT_EQ(builtIn["digest"].get<std::string>().rfind("sha256:", 0), 0u) << builtIn;
    EXPECT_EQ(builtIn["digest"].get<std::string>().size(), 7u + 64u);
    const auto copy = dataOf(data, "b");
    EXPECT_EQ(copy["source"], "EXPRESSROUTE_DATA_DIR");
    EXPECT_EQ(copy["dir"], data);
    EXPECT_EQ(copy["digest"], builtIn["digest"]) << "the same bytes give the same digest";
    const std::string access = data + "/region-access.csv";
    const std::string text = ReadFile(access);
    std::ofstream(access) << "# edited by hand\n" << text; // a comment: the data still loads
    const auto edited = dataOf(data, "c");
    EXPECT_NE(edited["digest"], builtIn["digest"]) << "an edited data file changes the digest";
}

TEST(SimCommandLine, FailedRunSaysSoInRunJson)
{
    // The loader cannot know the backbone's links: the target fails when the failure binds.
    std::ifstream in(std::string(EXPRESSROUTE_SOURCE_DIR) + "/examples/scenarios/default.json");
    std::stringstream text;
    text << in.rdbuf();
    std::string json = text.str();
    const auto at = json.rfind('}');
    json = json.substr(0, at) +
           R"(, "failures": [{"kind": "BackboneLinkCut", "target": "West Europe--Brazil South", "start": "1s"}]})";
    ScratchDir tmp;
    const std::string out = tmp / "failed";
    const auto r = RunProgram("expressroute-sim --scenario=" + TempFile(tmp, "failed.json", json) +
                              " --out=" + out);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/failures/0/target: no backbone link 'West Europe--Brazil South'"),
              std::string::npos)
        << r.output;
    std::ifstream runJson(out + "/run.json");
    std::stringstream got;
    got << runJson.rdbuf();
    EXPECT_NE(got.str().find("\"status\": \"failed\""), std::string::npos) << got.str();
}

TEST(LatencyCommandLine, WritesEveryOrderedRegionPair)
{
    ScratchDir tmp;
    const auto out = tmp / "latency.csv";
    const auto r = RunProgram("expressroute-latency --out=" + out);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    std::ifstream in(out);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "regionA,regionB,rtt_ms");
    std::size_t rows = 0;
    for (std::string line; std::getline(in, line);)
    {
        ++rows;
    }
    EXPECT_EQ(rows, 59u * 58u) << "every ordered pair of the 59 regions in data/regions.csv";
}

TEST(LatencyCommandLine, UnwritableOutputIsReported)
{
    const auto r = RunProgram("expressroute-latency --out=/nonexistent/dir/lat.csv");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/nonexistent/dir/lat.csv"), std::string::npos) << r.output;
}

TEST(SimCommandLine, PcapFlagCapturesBothEndsOfEveryCircuitLink)
{
    ScratchDir tmp;
    const std::filesystem::path out = tmp / "pcap-run";
    const auto r = RunProgram("expressroute-sim --duration=1s --pcap --out=" + out.string());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    std::size_t captures = 0;
    for (const auto& entry : std::filesystem::directory_iterator(out / "pcap"))
    {
        EXPECT_GT(std::filesystem::file_size(entry.path()), 24u)
            << entry.path() << " holds packets beyond the pcap header";
        ++captures;
    }
    EXPECT_EQ(captures, 8u) << "2 circuits x 2 links x 2 ends in the default scenario";
}

TEST(WireCheck, CircuitCapturesDecodeAsBgpAndBfdWithNoMalformedPackets)
{
    ASSERT_EQ(std::system("command -v tshark >/dev/null 2>&1"), 0)
        << "tshark is needed for the wire check: apt-get install tshark (./scripts/test does)";
    ScratchDir tmp;
    const std::filesystem::path out = tmp / "wire";
    const auto r = RunProgram("expressroute-sim --duration=2s --pcap --out=" + out.string());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    // One merged capture, then one tshark pass per question (tshark starts slowly).
    const std::string merged = (out / "all.pcap").string();
    ASSERT_EQ(std::system(("mergecap -w '" + merged + "' '" + (out / "pcap").string() + "'/*.pcap").c_str()), 0);
    auto count = [&merged](const std::string& filter) {
        const std::string cmd = "tshark -r '" + merged + "' -d udp.port==3784,bfd -Y '" + filter +
                                "' 2>/dev/null | wc -l";
        FILE* pipe = ::popen(cmd.c_str(), "r");
        int n = -1;
        if (pipe && std::fscanf(pipe, "%d", &n) != 1)
        {
            n = -1;
        }
        if (pipe)
        {
            ::pclose(pipe);
        }
        return n;
    };
    EXPECT_EQ(count("_ws.malformed || _ws.expert.severity == error"), 0) << "no malformed packet";
    const int open = count("bgp.type == 1");
    const int update = count("bgp.type == 2");
    const int keepalive = count("bgp.type == 4");
    const int bfd = count("bfd.sta == 3");
    EXPECT_GT(open, 0) << "OPEN messages on the circuit links";
    EXPECT_GT(update, 0) << "UPDATE messages";
    EXPECT_GT(keepalive, 0) << "KEEPALIVE messages";
    EXPECT_GT(bfd, 0) << "BFD control packets in state Up";
}

namespace
{
double
LongestOutageIn(const std::string& output)
{
    const std::string key = "longest outage seen by a probe: ";
    const auto at = output.find(key);
    return at == std::string::npos ? -1.0 : std::stod(output.substr(at + key.size()));
}
} // namespace

TEST(ExampleBfdVsHoldTimer, WithoutBfdTheDefaultHoldTimerDecides)
{
    ScratchDir tmp;
    const auto r = RunProgram("expressroute-bfd-vs-hold-timer --bfd=0 --out=" + (tmp / "bfd-off"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const double outage = LongestOutageIn(r.output);
    // Hold 180 s, keepalive 60 s: the last keepalive came 0-60 s before the failure.
    EXPECT_GE(outage, 119.0) << r.output;
    EXPECT_LE(outage, 180.5) << r.output;
}

TEST(ExampleBfdVsHoldTimer, WithBfdUnderOneSecond)
{
    ScratchDir tmp;
    const auto r = RunProgram("expressroute-bfd-vs-hold-timer --bfd=1 --duration=15s --out=" +
                              (tmp / "bfd-on"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const double outage = LongestOutageIn(r.output);
    EXPECT_GT(outage, 0.0) << r.output;
    EXPECT_LE(outage, 1.2) << r.output;
}
