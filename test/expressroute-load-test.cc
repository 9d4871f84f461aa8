// SPDX-License-Identifier: GPL-2.0-only
// Load descriptions (issue: what-if engine, load): the diurnal rate profile and flow-list replay.
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"
#include "expressroute-topology-builder.h"
#include "expressroute-workload.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <fstream>
#include <sys/stat.h>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::string
LoadScenarioJson(const std::string& traffic)
{
    return R"({
  "name": "load",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "prov", "peeringLocation": "Frankfurt", "tier": "Standard", "bandwidth": "1Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 100}], "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}}],
  "traffic": [)" + traffic + R"(]
})";
}

/// Writes @p text to @p name in @p dir; returns its path.
std::string
WriteFile(const test::TempDir& dir, const std::string& name, const std::string& text)
{
    std::ofstream(dir.Path(name)) << text;
    return dir.Path(name);
}

class LoadTest : public test::SimulatorTest
{
  protected:
    void Run(const ns3::expressroute::Scenario& s, Time duration)
    {
        auto topo = CreateObject<TopologyBuilder>()->Build(s, m_geography, m_backbone);
        m_recorder.SetOrigin(Seconds(5));
        InstallWorkload(s, topo, m_recorder, duration, duration + Seconds(1));
        m_recorder.WatchCircuitLinks(topo, Seconds(1), duration);
        Simulator::Stop(Seconds(5) + duration + Seconds(1));
        Simulator::Run();
    }

    /// Bits per second into Azure over both circuit links in [t, t + 1 s).
    double InBps(double t) const
    {
        double bits = 0;
        for (const auto& s : m_recorder.GetLinkSamples())
        {
            if (std::abs(s.start.GetSeconds() - t) < 1e-9)
            {
                bits += static_cast<double>(s.bitsIn);
            }
        }
        return bits;
    }

    RunRecorder m_recorder;
};

} // namespace

TEST(Diurnal, FactorIsOneAtThePeakAndTheMinimumAtTheTrough)
{
    DiurnalProfile p{Seconds(60), Seconds(30), 0.25};
    EXPECT_NEAR(DiurnalFactor(p, Seconds(30)), 1.0, 1e-12);
    EXPECT_NEAR(DiurnalFactor(p, Seconds(0)), 0.25, 1e-12);
    EXPECT_NEAR(DiurnalFactor(p, Seconds(60)), 0.25, 1e-12);
    EXPECT_NEAR(DiurnalFactor(p, Seconds(15)), 0.625, 1e-12);
}

TEST_F(LoadTest, DiurnalTrafficFollowsItsProfileOnTheCircuit)
{
    Run(LoadText(LoadScenarioJson(R"({"name": "d", "from": "hq", "to": "v1", "kind": "ConstantRate", "rate": "8Mbps",
        "diurnal": {"period": "20s", "peak": "10s", "minimum": 0.25}})")),
        Seconds(20));
    // The samples hold bits per second of each one-second interval.
    const double trough = InBps(0);
    const double peak = InBps(10);
    RecordProperty("trough_bps", std::to_string(trough));
    RecordProperty("peak_bps", std::to_string(peak));
    EXPECT_NEAR(peak / 8e6, 1.0, 0.08) << "8 Mbps (plus headers) at the peak";
    EXPECT_NEAR(trough / peak, 0.27, 0.05) << "a quarter at the trough (plus the ramp over 1 s)";
}

TEST_F(LoadTest, FlowListRowsBecomeFlows)
{
    const test::TempDir tmp("load-test");
    const std::string csv = WriteFile(tmp,
                                      "flows.csv",
                                      "start,source,destination,bytes,protocol,rate\n"
                                      "0.5s,hq,v1,200000,tcp,\n"
                                      "1,v1,hq,125000,udp,1Mbps\n");
    auto s = LoadText(LoadScenarioJson(R"({"name": "replay", "kind": "FlowList", "file": ")" + csv + R"("})"));
    ASSERT_EQ(s.traffic.size(), 2u);
    EXPECT_EQ(s.traffic[0].name, "replay-1");
    EXPECT_EQ(s.traffic[0].kind, TrafficKind::Bulk);
    EXPECT_EQ(*s.traffic[0].bytes, 200000u);
    EXPECT_EQ(s.traffic[1].kind, TrafficKind::ConstantRate);
    EXPECT_EQ(*s.traffic[1].stop, Seconds(2)) << "125,000 bytes at 1 Mbps: 1 s";
    Run(s, Seconds(4));
    const auto& flows = m_recorder.GetFlows();
    ASSERT_EQ(flows.size(), 2u);
    EXPECT_EQ(flows[0].rxBytes, 200000u) << "the TCP transfer completes";
    EXPECT_NEAR(static_cast<double>(flows[1].rxBytes), 125000.0, 1200.0);
}

TEST(FlowList, BadRowsAreNamedByFileAndLine)
{
    auto geo = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    const test::TempDir tmp("load-test");
    const std::string csv = WriteFile(tmp,
                                      "bad.csv",
                                      "start,source,destination,bytes,protocol,rate\n"
                                      "1s,hq,nowhere,100,tcp,\n"
                                      "soon,hq,v1,100,tcp,\n"
                                      "1s,hq,v1,0,tcp,\n"
                                      "1s,hq,v1,100,sctp,\n"
                                      "1s,hq,v1,100,tcp,5Mbps\n"
                                      "1s,hq,v1,100,udp,999Gbps\n");
    std::string message;
    try
    {
        LoadScenarioString(LoadScenarioJson(R"({"name": "replay", "kind": "FlowList", "file": ")" + csv + R"("})"),
                           "test", geo);
    }
    catch (const ScenarioLoadError& e)
    {
        message = e.what();
    }
    EXPECT_NE(message.find("/traffic/0/file: " + csv + ":2: 'nowhere' is neither a site nor a VNet"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(csv + ":3: start 'soon' is not a duration"), std::string::npos) << message;
    EXPECT_NE(message.find(csv + ":4: bytes '0' is not an integer > 0"), std::string::npos) << message;
    EXPECT_NE(message.find(csv + ":5: protocol 'sctp' is neither tcp nor udp"), std::string::npos)
        << message;
    // A rate was ignored on a tcp row; one faster than any port stood the packet engine still.
    EXPECT_NE(message.find(csv + ":6: rate '5Mbps' on a tcp row: a tcp row is a transfer at what "
                                 "TCP gets; rate applies to udp rows only"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(csv + ":7: rate '999Gbps' is more than 400Gbps (the fastest Ethernet port)"),
              std::string::npos)
        << message;
    message.clear();
    try
    {
        LoadScenarioString(LoadScenarioJson(R"({"name": "replay", "kind": "FlowList", "file": "/nonexistent/flows.csv"})"),
                           "test", geo);
    }
    catch (const ScenarioLoadError& e)
    {
        message = e.what();
    }
    EXPECT_NE(message.find("/traffic/0/file"), std::string::npos) << message;
    EXPECT_NE(message.find("/nonexistent/flows.csv"), std::string::npos) << message;
}

namespace
{

/// The loader's message for a scenario whose one traffic entry is a FlowList of @p file ("" when
/// it loads).
std::string
FlowListError(const std::string& file)
{
    auto geo = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    try
    {
        LoadScenarioString(
            LoadScenarioJson(R"({"name": "replay", "kind": "FlowList", "file": ")" + file + R"("})"),
            "test",
            geo);
    }
    catch (const ScenarioLoadError& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

// Before: "no column 'start'" (the scenario JSON takes a byte order mark; Excel writes one).
TEST(FlowList, AByteOrderMarkIsSkipped)
{
    const test::TempDir tmp("load-test");
    const std::string csv = WriteFile(tmp,
                                      "bom.csv",
                                      "\xEF\xBB\xBFstart,source,destination,bytes,protocol\r\n"
                                      "1,hq,v1,1000,tcp\r\n");
    EXPECT_EQ(FlowListError(csv), "");
    auto geo = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    const auto s = LoadScenarioString(
        LoadScenarioJson(R"({"name": "replay", "kind": "FlowList", "file": ")" + csv + R"("})"),
        "test",
        geo);
    ASSERT_EQ(s.traffic.size(), 1u);
    EXPECT_EQ(s.traffic[0].start, Seconds(1));
    EXPECT_EQ(s.traffic[0].from, "hq");
}

// Before: "nul.csv:2: 'hq" (the message ended at the NUL of "hq\0x").
TEST(FlowList, AControlCharacterIsNamedByLineColumnAndField)
{
    const test::TempDir tmp("load-test");
    const std::string nul = WriteFile(tmp,
                                      "nul.csv",
                                      std::string("start,source,destination,bytes,protocol\n"
                                                  "1,hq\0x,v1,1000,tcp\n",
                                                  59));
    EXPECT_EQ(FlowListError(nul),
              "test: /traffic/0/file: " + nul +
                  ":2:5: control character \\0 in column 'source' (fields are printable text)");
    const std::string escape = WriteFile(tmp,
                                         "escape.csv",
                                         "# a comment may hold anything: \x1b\n"
                                         "start,source,destination,bytes,protocol\n"
                                         "1,hq,v1,1000,tcp\x1b[2J\n");
    EXPECT_EQ(FlowListError(escape),
              "test: /traffic/0/file: " + escape +
                  ":3:17: control character \\x1b in column 'protocol' (fields are printable "
                  "text)");
    const std::string header = WriteFile(tmp, "header.csv", "start,\tsource\n");
    EXPECT_EQ(FlowListError(header),
              "test: /traffic/0/file: " + header +
                  ":1:7: control character \\t in the header (fields are printable text)");
}

// Before: a directory gave "/tmp: no header line", and /dev/zero or a FIFO was read forever.
TEST(FlowList, ADirectoryDeviceOrFifoIsRefusedUnread)
{
    const test::TempDir tmp("load-test");
    EXPECT_EQ(FlowListError(tmp.Path()),
              "test: /traffic/0/file: " + tmp.Path() + ": is a directory, not a CSV file");
    EXPECT_EQ(FlowListError("/dev/zero"),
              "test: /traffic/0/file: /dev/zero: is not a regular file (a device, FIFO or "
              "socket): not reading it");
    ASSERT_EQ(::mkfifo(tmp.Path("fifo").c_str(), 0600), 0);
    EXPECT_EQ(FlowListError(tmp.Path("fifo")),
              "test: /traffic/0/file: " + tmp.Path("fifo") +
                  ": is not a regular file (a device, FIFO or socket): not reading it");
}

TEST_F(LoadTest, RequestResponseCompletesRequestsInAFewRoundTrips)
{
    Run(LoadText(LoadScenarioJson(R"({"name": "rr", "from": "hq", "to": "v1", "kind": "RequestResponse",
        "requestsPerSecond": 20, "requestBytes": 500, "responseBytes": {"mean": 20000, "min": 100, "max": 200000}})")),
        Seconds(5));
    const auto& f = m_recorder.GetFlows().at(0);
    RecordProperty("requests", std::to_string(f.requests));
    EXPECT_GT(f.requests, 70u) << "20 per second for 5 s (Poisson)";
    EXPECT_LT(f.requests, 130u);
    EXPECT_EQ(f.requestsCompleted + 1 >= f.requests, true) << "all but one in flight at the end";
    auto times = f.completionS;
    std::sort(times.begin(), times.end());
    const double p50 = times[times.size() / 2];
    RecordProperty("rct_p50_s", std::to_string(p50));
    // Frankfurt to Germany West Central is ~3.4 ms round trip: a handshake, the request and
    // ~14 segments of response in slow start take a few round trips.
    EXPECT_GT(p50, 2 * 0.0034);
    EXPECT_LT(p50, 10 * 0.0034);
}

TEST(RequestResponse, SizesMustBeGivenInAKnownForm)
{
    auto geo = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    std::string message;
    try
    {
        LoadScenarioString(LoadScenarioJson(R"({"name": "rr", "from": "hq", "to": "v1", "kind": "RequestResponse",
            "requestsPerSecond": 20, "requestBytes": {"min": 10}, "responseBytes": 100, "rate": "1Mbps"})"),
                           "test", geo);
    }
    catch (const ScenarioLoadError& e)
    {
        message = e.what();
    }
    EXPECT_NE(message.find("/traffic/0/requestBytes: give a number of bytes"), std::string::npos)
        << message;
    EXPECT_NE(message.find("/traffic/0/rate: rate does not apply to RequestResponse"),
              std::string::npos)
        << message;
}
