// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_ENTERPRISE_GENERATOR_H
#define EXPRESSROUTE_ENTERPRISE_GENERATOR_H

// Large, valid enterprises for trying the simulator at scale and for the benchmarks
// (expressroute-generate). N sites, each at a real peering location with a VNet in that
// location's local region, two circuits per site at two different metros of the same
// geopolitical region (Premium when there is none), a diurnal load per site, a probe per site,
// an optional flow list over the run and an optional outage of the busiest location at the
// daily peak. Every choice stays inside the loader's rules (tiers, bandwidths, gateway limits,
// address blocks); the same options and seed give the same files, byte for byte, on any machine
// (the generator draws from its own 64-bit generator, not from the standard distributions,
// whose algorithms differ between libraries).

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace expressroute
{

class Geography;

/// What to generate.
struct EnterpriseOptions
{
    uint32_t sites{8};
    uint64_t seed{1};
    Time duration{Seconds(60)};
    Time diurnalPeriod;       ///< zero: 24 h, or the duration when it is shorter
    Time probeInterval{Seconds(1)};
    Time linkMetricsInterval; ///< zero: 1 s up to an hour of simulated time, 60 s beyond
    uint64_t flows{0};        ///< rows of the flow list (0: none)
    bool failureAtPeak{false};
    Time failureDuration{Minutes(30)};
    std::string flowListFile; ///< the flow list's file name, relative to the scenario file
};

/// A generated scenario and, when asked, its flow list.
struct Enterprise
{
    std::string scenarioJson; ///< formatted, ends with a newline
    std::string flowListCsv;  ///< empty when no flow list was asked
};

/// The largest enterprise the address plan holds (a /20 per site from 10.0.0.0/8).
constexpr uint32_t kMaxGeneratedSites = 4096;

/// Generates an enterprise. Throws std::invalid_argument naming the option when @p options
/// cannot make a valid scenario.
Enterprise GenerateEnterprise(const EnterpriseOptions& options, Ptr<Geography> geography);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_ENTERPRISE_GENERATOR_H
