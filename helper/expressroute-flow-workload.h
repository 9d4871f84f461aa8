// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FLOW_WORKLOAD_H
#define EXPRESSROUTE_FLOW_WORKLOAD_H

// The scenario's probes and traffic on the flow engine (doc/engines.md): each traffic entry
// becomes a FlowEngine flow started and stopped at its times (ConstantRate with its diurnal
// steps, Bulk until its bytes are delivered; flow lists are already Bulk and ConstantRate
// entries), each probe a look at the current paths at its times. At the end the engine's
// counters fill the RunRecorder's flow records and the circuit links' samples, so that the
// output files are the packet engine's.

#include "expressroute-run-recorder.h"
#include "expressroute-scenario.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <memory>
#include <vector>

namespace ns3
{
namespace expressroute
{

class FlowEngine;
class Topology;

class FlowWorkload
{
  public:
    /// Installs the workload on a new FlowEngine over @p topology; senders stop at @p stop
    /// (scenario time); the circuit links' samples, taken as the recorder samples them, carry
    /// the engine's load.
    FlowWorkload(const Scenario& scenario,
                 Ptr<Topology> topology,
                 RunRecorder& recorder,
                 Time stop);
    ~FlowWorkload();
    FlowWorkload(const FlowWorkload&) = delete;
    FlowWorkload& operator=(const FlowWorkload&) = delete;

    /// The flows' counters into the recorder's records (at each checkpoint and after the run).
    void FillFlows();
    Ptr<FlowEngine> GetEngine() const;

    struct State; ///< what the scheduled events share (defined in the .cc)

  private:
    std::unique_ptr<State> m_state;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FLOW_WORKLOAD_H
