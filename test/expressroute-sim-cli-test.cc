// SPDX-License-Identifier: GPL-2.0-only
// The programs' command lines: bad input gets a message naming what is wrong and a non-zero
// exit, never a crash.
#include "expressroute-temp-dir.h"
#include "expressroute-test-paths.h"
#include "expressroute-test-programs.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace
{

using ns3::expressroute::test::Outcome;
using ns3::expressroute::test::RunProgram;

using ns3::expressroute::test::TempDir;

/// Files and run directories of this suite's tests: a fresh directory per test process.
const TempDir&
Scratch()
{
    static const TempDir dir("cli");
    return dir;
}

std::string
TempFile(const std::string& name, const std::string& content)
{
    const auto path = Scratch().Path(name);
    std::ofstream(path) << content;
    return path;
}

/// A scenario of one site, one Standard circuit at Amsterdam and one VNet in @p region, with
/// @p simulation as the members of its "simulation" object.
std::string
OneCircuitScenario(const std::string& simulation, const std::string& region = "West Europe")
{
    return R"({
  "name": "x",
  "simulation": {)" + simulation + R"(},
  "sites": [{"name": "s", "location": "Amsterdam", "asn": 65001, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "p", "kind": "CloudExchange"}],
  "circuits": [{"name": "c", "site": "s", "provider": "p", "peeringLocation": "Amsterdam",
    "tier": "Standard", "bandwidth": "1Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.1.0/29", "vlan": 100}],
    "vnetLinks": [{"vnet": "weu"}]}],
  "vnets": [{"name": "weu", "region": ")" + region + R"(", "addressSpace": ["10.1.0.0/16"],
    "gateway": {"sku": "ErGw1Az"}}]
})";
}

} // namespace

TEST(SimCommandLine, BadDurationIsRefusedWithTheFlagNamed)
{
    const auto r = RunProgram("expressroute-sim --duration=abc --out=" + Scratch().Path("never"));
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("--duration=abc"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(Scratch().Path("never")));
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
    const auto file = TempFile("broken.json", "{\n  \"name\": \"x\",\n  \"sites\": [ }\n");
    const auto r = RunProgram("expressroute-sim --scenario=" + file);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find(file + ":3:"), std::string::npos) << r.output;
}

TEST(SimCommandLine, RuleViolationNamesTheJsonPath)
{
    // A Standard circuit at Amsterdam cannot reach East US (another geopolitical region).
    const auto file = TempFile("standard.json", OneCircuitScenario("", "East US"));
    const auto r = RunProgram("expressroute-sim --scenario=" + file);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/circuits/0/vnetLinks/0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Premium"), std::string::npos) << r.output;
}

TEST(SimCommandLine, InterruptedRunSaysSoInRunJson)
{
    const std::string out = Scratch().Path("interrupted");
    // SIGINT after one second of wall time, in the middle of a 600 s scenario.
    const auto r = RunProgram("expressroute-sim --duration=600s --out=" + out +
                              " 2>&1 & pid=$!; sleep 1; kill -INT $pid; wait $pid");
    EXPECT_EQ(r.exitCode, 130) << r.output;
    EXPECT_NE(r.output.find("interrupted by a signal at scenario time"), std::string::npos)
        << r.output;
    std::ifstream in(out + "/run.json");
    std::stringstream json;
    json << in.rdbuf();
    EXPECT_NE(json.str().find("\"status\": \"interrupted\""), std::string::npos) << json.str();
    EXPECT_TRUE(std::filesystem::exists(out + "/probes.csv")) << "what was recorded is kept";
    // The simulated time reached, not the 600 s planned.
    EXPECT_NE(json.str().find("\"planned_duration_s\": 600.0"), std::string::npos) << json.str();
    const auto at = json.str().find("\"duration_s\": ");
    ASSERT_NE(at, std::string::npos);
    const double reached = std::stod(json.str().substr(at + 14));
    EXPECT_GT(reached, 0.0);
    EXPECT_LT(reached, 600.0) << json.str();
    EXPECT_NE(r.output.find(" s simulated of 600 s"), std::string::npos) << r.output;
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
    const std::string out = Scratch().Path("failed");
    const auto r = RunProgram("expressroute-sim --scenario=" + TempFile("failed.json", json) +
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
    const std::filesystem::path out = Scratch().Path("latency.csv");
    const auto r = RunProgram("expressroute-latency --out=" + out.string());
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

TEST(LatencyCommandLine, AFileItDidNotWriteIsNeverReplaced)
{
    const std::filesystem::path notes = Scratch().Path("notes.txt");
    std::ofstream(notes) << "regions to visit";
    const auto r = RunProgram("expressroute-latency --out=" + notes.string());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("exists and was not written by expressroute-latency"),
              std::string::npos)
        << r.output;
    std::ifstream in(notes);
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, "regions to visit");
    const std::filesystem::path mine = Scratch().Path("latency-again.csv");
    EXPECT_EQ(RunProgram("expressroute-latency --out=" + mine.string()).exitCode, 0);
    EXPECT_EQ(RunProgram("expressroute-latency --out=" + mine.string()).exitCode, 0)
        << "its own table is replaced";
}

// A device is not a file it wrote: /dev/full was read forever to find out.
TEST(LatencyCommandLine, ADeviceIsRefusedAsOutput)
{
    const auto r = RunProgram("expressroute-latency --out=/dev/full");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("--out=/dev/full: is not a regular file (a device or a pipe)"),
              std::string::npos)
        << r.output;
}

// A device as the scenario (/dev/zero) was read until memory ran out.
TEST(SimCommandLine, ADeviceAsTheScenarioIsRefused)
{
    const auto r = RunProgram("expressroute-sim --scenario=/dev/zero --out=" + Scratch().Path("never"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/dev/zero: cannot open: is a device"), std::string::npos) << r.output;
}

TEST(LatencyCommandLine, UnwritableOutputIsReported)
{
    const auto r = RunProgram("expressroute-latency --out=/nonexistent/dir/lat.csv");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/nonexistent/dir/lat.csv"), std::string::npos) << r.output;
}

TEST(SimCommandLine, PcapFlagCapturesBothEndsOfEveryCircuitLink)
{
    const std::filesystem::path out = Scratch().Path("pcap");
    std::filesystem::remove_all(out);
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
    std::filesystem::remove_all(out);
}

TEST(WireCheck, CircuitCapturesDecodeAsBgpAndBfdWithNoMalformedPackets)
{
    ASSERT_EQ(std::system("command -v tshark >/dev/null 2>&1"), 0)
        << "tshark is needed for the wire check: apt-get install tshark (./scripts/test does)";
    const std::filesystem::path out = Scratch().Path("wire");
    std::filesystem::remove_all(out);
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
    std::filesystem::remove_all(out);
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
    const auto r = RunProgram("expressroute-bfd-vs-hold-timer --bfd=0 --out=" + Scratch().Path("bfd-off"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const double outage = LongestOutageIn(r.output);
    // Hold 180 s, keepalive 60 s: the last keepalive came 0-60 s before the failure.
    EXPECT_GE(outage, 119.0) << r.output;
    EXPECT_LE(outage, 180.5) << r.output;
}

TEST(ExampleBfdVsHoldTimer, WithBfdUnderOneSecond)
{
    const auto r = RunProgram(
        "expressroute-bfd-vs-hold-timer --bfd=1 --duration=15s --out=" + Scratch().Path("bfd-on"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const double outage = LongestOutageIn(r.output);
    EXPECT_GT(outage, 0.0) << r.output;
    EXPECT_LE(outage, 1.2) << r.output;
}

TEST(SimCommandLine, SeedsNs3RefusesAreRefusedWithTheRange)
{
    const std::string out = Scratch().Path("seed-max");
    const auto r = RunProgram("expressroute-sim --duration=1s --seed=4294944443 --out=" + out);
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("--seed=4294944443: must be between 1 and 4294944442"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
    const auto help = RunProgram("expressroute-sim --help");
    EXPECT_NE(help.output.find("RNG seed, 1 to 4294944442"), std::string::npos) << help.output;
    const auto gen = RunProgram("expressroute-generate --seed=4294967295 --out=" +
                                Scratch().Path("gen.json"));
    EXPECT_NE(gen.exitCode, 0) << gen.output;
    EXPECT_NE(gen.output.find("--seed=4294967295: must be between 1 and 4294944442"),
              std::string::npos)
        << gen.output;
    EXPECT_FALSE(std::filesystem::exists(Scratch().Path("gen.json")));
}

TEST(SimCommandLine, Ns3ArgumentsOfTheWrongFormAreRefusedNotAborted)
{
    for (const char* arg : {"--RngRun=abc", "--PrintAttributes=ns3::Nope", "--PrintAttributes",
                            "--PrintGroup=Nope",
                            "--ns3::expressroute::TopologyBuilder::InfrastructureMtu=abc",
                            "--ns3::expressroute::TopologyBuilder::Nope=1",
                            "--ns3::expressroute::Nope::LanRate=1Gbps"})
    {
        const auto r = RunProgram(std::string("expressroute-sim --duration=1s ") + arg +
                                  " --out=" + Scratch().Path("never"));
        EXPECT_EQ(r.exitCode, 2) << arg << ": " << r.output;
        EXPECT_NE(r.output.find(std::string("error: ") + arg), std::string::npos) << r.output;
    }
    EXPECT_FALSE(std::filesystem::exists(Scratch().Path("never")));
    // A TypeId of the wrong kind: ns-3 aborted when it created the socket's congestion control.
    for (const char* type : {"ns3::Object", "ns3::UdpSocketFactory"})
    {
        const auto r = RunProgram(std::string("expressroute-sim --duration=1s "
                                              "--ns3::TcpL4Protocol::SocketType=") +
                                  type + " --out=" + Scratch().Path("never"));
        EXPECT_EQ(r.exitCode, 2) << type << ": " << r.output;
        EXPECT_NE(r.output.find(std::string("--ns3::TcpL4Protocol::SocketType=") + type +
                                ": expected a type that can be created and is a "
                                "ns3::TcpCongestionOps (such as ns3::TcpCubic), got " + type),
                  std::string::npos)
            << r.output;
    }
    EXPECT_FALSE(std::filesystem::exists(Scratch().Path("never")));
    for (const char* ok : {"--ns3::TcpL4Protocol::SocketType=ns3::TcpNewReno",
                           "--ns3::TcpL4Protocol::SocketType=ns3::TcpCubic",
                           "--ns3::TcpL4Protocol::RecoveryType=ns3::TcpClassicRecovery"})
    {
        const auto r = RunProgram(std::string("expressroute-sim --duration=1s --quiet ") + ok +
                                  " --out=" + Scratch().Path("tcp"));
        EXPECT_EQ(r.exitCode, 0) << ok << ": " << r.output;
    }
    const auto gen = RunProgram("expressroute-generate --RngRun=abc --out=" + Scratch().Path("g.json"));
    EXPECT_EQ(gen.exitCode, 2) << gen.output;
}

TEST(SimCommandLine, RngRunIsTheRunNumber)
{
    const std::string out = Scratch().Path("rngrun");
    const auto r = RunProgram("expressroute-sim --duration=200ms --RngRun=5 --quiet --out=" + out);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("run 5,"), std::string::npos) << r.output;
    std::ifstream in(out + "/run.json");
    std::stringstream json;
    json << in.rdbuf();
    EXPECT_NE(json.str().find("\"run\": 5"), std::string::npos) << json.str();
    const auto zero = RunProgram("expressroute-sim --duration=200ms --RngRun=0");
    EXPECT_EQ(zero.exitCode, 2) << zero.output;
    EXPECT_NE(zero.output.find("--RngRun=0"), std::string::npos) << zero.output;
}

TEST(SimCommandLine, AZeroLinkRateIsRefusedNamingTheAttribute)
{
    for (const char* attribute : {"TopologyBuilder::InternetRate", "Backbone::LinkRate",
                                  "TopologyBuilder::LanRate"})
    {
        const std::string out = Scratch().Path("zero-rate");
        const auto r = RunProgram(std::string("expressroute-sim --duration=1s --out=") + out +
                                  " --ns3::expressroute::" + attribute + "=0bps");
        EXPECT_EQ(r.exitCode, 1) << attribute << ": " << r.output;
        EXPECT_NE(r.output.find(std::string("ns3::expressroute::") + attribute +
                                "=0bps: a link's rate must be greater than zero"),
                  std::string::npos)
            << r.output;
        EXPECT_FALSE(std::filesystem::exists(out));
    }
}

TEST(SimCommandLine, ATooSmallInfrastructurePrefixNamesTheSizeNeeded)
{
    const std::string out = Scratch().Path("infra");
    const auto file = TempFile(
        "infra.json", OneCircuitScenario(R"("duration": "1s", "infrastructurePrefix": "100.64.0.0/30")"));
    const auto r = RunProgram("expressroute-sim --scenario=" + file + " --out=" + out);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/simulation/infrastructurePrefix: 100.64.0.0/30 holds 4 addresses"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("use a /"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(SimCommandLine, ALinksTableOfAbsurdSizeIsRefusedBeforeTheRun)
{
    const std::string out = Scratch().Path("rows");
    const auto file = TempFile(
        "rows.json", OneCircuitScenario(R"("duration": "1s", "linkMetricsInterval": "1ms")"));
    const auto r = RunProgram("expressroute-sim --scenario=" + file + " --duration=100000s --out=" + out);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/simulation/linkMetricsInterval: 1ms over 100000s gives 100000000 "
                            "intervals x 3 circuit links and gateways = 300000000 rows of "
                            "links.csv, more than 100000000"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
    // Near ns-3's largest time, duration + interval - 1 overflowed into a count of 2^64 rows.
    const auto big = RunProgram("expressroute-sim --scenario=" + file +
                                " --duration=2562047h --out=" + out);
    EXPECT_EQ(big.exitCode, 1) << big.output;
    EXPECT_NE(big.output.find("1ms over 9223369200s gives 9223369200000 intervals x 3 circuit links "
                              "and gateways = 27670107600000 rows"),
              std::string::npos)
        << big.output;
}
