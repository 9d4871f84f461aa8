// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-installer.h"

#include "expressroute-failure.h"
#include "expressroute-run-recorder.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-topology.h"

#include "ns3/object-factory.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

namespace ns3
{
namespace expressroute
{

std::vector<Ptr<Failure>>
InstallFailures(const Scenario& scenario, Ptr<Topology> topology, RunRecorder& recorder, Time origin)
{
    std::vector<Ptr<Failure>> failures;
    std::vector<ScenarioError> errors;
    for (const auto& f : scenario.failures)
    {
        ObjectFactory factory("ns3::expressroute::" + f.kind);
        for (const auto& [name, value] : f.attributes)
        {
            factory.Set(name, StringValue(value)); // checked by the loader
        }
        auto failure = factory.Create<Failure>();
        const std::string why = failure->Bind(topology, f.target);
        if (!why.empty())
        {
            errors.push_back({f.path + "/" + failure->GetBindErrorField(), why, 0, 0});
            continue;
        }
        recorder.WatchFailure(failure);
        failure->Schedule(origin + f.start - Simulator::Now(), f.duration);
        failures.push_back(failure);
    }
    if (!errors.empty())
    {
        throw ScenarioLoadError(scenario.sourceFile.empty() ? scenario.name : scenario.sourceFile,
                                errors);
    }
    return failures;
}

} // namespace expressroute
} // namespace ns3
