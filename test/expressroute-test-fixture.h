// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_TEST_FIXTURE_H
#define EXPRESSROUTE_TEST_FIXTURE_H

// A fixture for tests that run the simulator: each test starts from a clean simulator and
// ns-3 defaults, and reads the project's data/ (geography and fitted backbone).

#include "expressroute-backbone-reader.h"
#include "expressroute-backbone.h"
#include "expressroute-failure-installer.h"
#include "expressroute-failure.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-test-paths.h"
#include "expressroute-topology-builder.h"
#include "expressroute-workload.h"

#include "ns3/config.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{
namespace test
{

class SimulatorTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        Config::Reset();
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        m_geography = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
        m_backbone = ReadBackbone(EXPRESSROUTE_SOURCE_DIR + "/data", m_geography);
    }

    void TearDown() override
    {
        Simulator::Destroy();
        Config::Reset();
    }

    Scenario LoadDefault() const
    {
        return LoadScenarioString(DefaultScenarioJson(), "(embedded default)", m_geography);
    }

    Scenario LoadText(const std::string& json) const
    {
        return LoadScenarioString(json, "test", m_geography);
    }

    Ptr<Geography> m_geography;
    Ptr<Backbone> m_backbone;
};

/// What a system test builds, watches and runs (ScenarioRunTest::RunFor).
struct RunSpec
{
    Time duration;                 ///< scenario time the senders run
    Time drain{Seconds(1)};        ///< receivers listen, and the simulation runs, this much longer
    bool assignStreams{true};      ///< Topology::AssignStreams(0)
    bool controlPlane{true};       ///< RunRecorder::WatchControlPlane
    bool failures{true};           ///< the scenario's failures (InstallFailures)
    std::optional<Time> circuitLinks; ///< links.csv samples at this interval
    std::optional<Time> gateways;     ///< gateways.csv samples at this interval
    /// Actions at scenario times (tests that act on the model directly).
    std::vector<std::pair<Time, std::function<void()>>> actions;
};

/**
 * The build-run-summarise harness of the system tests: loads a scenario, builds it, installs
 * the workload and what is watched, runs it after the control plane's 5 s warm-up, and keeps
 * the topology, the recorder, the failures and the per-pair summary for the assertions.
 */
class ScenarioRunTest : public SimulatorTest
{
  protected:
    static Time Warmup() { return Seconds(5); }

    void RunFor(const std::string& json, const RunSpec& spec)
    {
        m_scenario = LoadText(json);
        m_topology = CreateObject<TopologyBuilder>()->Build(m_scenario, m_geography, m_backbone);
        if (spec.assignStreams)
        {
            m_topology->AssignStreams(0);
        }
        m_recorder = std::make_unique<RunRecorder>(); // one per run
        m_recorder->SetOrigin(Warmup());
        InstallWorkload(m_scenario, m_topology, *m_recorder, spec.duration,
                        spec.duration + spec.drain);
        if (spec.controlPlane)
        {
            m_recorder->WatchControlPlane(m_topology);
        }
        if (spec.circuitLinks)
        {
            m_recorder->WatchCircuitLinks(m_topology, *spec.circuitLinks, spec.duration);
        }
        if (spec.gateways)
        {
            m_recorder->WatchGateways(m_topology, *spec.gateways, spec.duration);
        }
        m_failures.clear();
        if (spec.failures)
        {
            m_failures = InstallFailures(m_scenario, m_topology, *m_recorder, Warmup());
        }
        for (const auto& [at, fn] : spec.actions)
        {
            Simulator::Schedule(Warmup() + at, fn);
        }
        Simulator::Stop(Warmup() + spec.duration + spec.drain);
        Simulator::Run();
        std::vector<std::string> names;
        for (const auto& p : m_scenario.probes)
        {
            names.push_back(p.name);
        }
        m_pairs =
            SummarisePairs(m_recorder->GetProbes(), m_recorder->GetFlows(), names, spec.duration);
    }

    /// Probes of @p probe ("" = any) sent in [from, to) scenario seconds that were lost.
    uint32_t Lost(const std::string& probe, double from, double to) const
    {
        uint32_t n = 0;
        for (const auto& p : m_recorder->GetProbes())
        {
            const double t = p.sent.GetSeconds();
            n += (probe.empty() || p.probe == probe) && !p.success && t >= from && t < to ? 1 : 0;
        }
        return n;
    }

    /// Median RTT (ms) of the answered probes of @p probe ("" = any) sent in [from, to); -1
    /// when none was answered.
    double MedianRttMs(const std::string& probe, double from, double to) const
    {
        std::vector<double> v;
        for (const auto& p : m_recorder->GetProbes())
        {
            const double t = p.sent.GetSeconds();
            if ((probe.empty() || p.probe == probe) && p.success && t >= from && t < to)
            {
                v.push_back(p.rtt.GetSeconds() * 1e3);
            }
        }
        std::sort(v.begin(), v.end());
        return v.empty() ? -1 : v[v.size() / 2];
    }

    Scenario m_scenario;
    Ptr<Topology> m_topology;
    std::unique_ptr<RunRecorder> m_recorder;
    std::vector<Ptr<Failure>> m_failures;
    std::vector<PairSummary> m_pairs;
};

} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_TEST_FIXTURE_H
