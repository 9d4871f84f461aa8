// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_TEST_FIXTURE_H
#define EXPRESSROUTE_TEST_FIXTURE_H

// A fixture for tests that run the simulator: each test starts from a clean simulator and
// ns-3 defaults, and reads the project's data/ (geography and fitted backbone).

#include "expressroute-backbone-reader.h"
#include "expressroute-backbone.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-scenario-loader.h"

#include "ns3/config.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

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
        m_geography = ReadGeography(EXPRESSROUTE_SOURCE_DIR "/data");
        m_backbone = ReadBackbone(EXPRESSROUTE_SOURCE_DIR "/data", m_geography);
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

} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_TEST_FIXTURE_H
