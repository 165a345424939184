// The statistics of `memview stats`: every numeric field of a sequence of
// 1-D views of one format (the mapped file in rounds, or a stream's chunks),
// fed in order. Each view's items are summarised block by block (BLOCK
// items, summary.hpp), by up to `threads` threads taking runs of blocks in
// turn, and the block summaries are merged in order by one thread:
// so the figures are the same, bit for bit, however the items arrived and
// however many threads shared the work.
#pragma once
#include "summary.hpp"
#include "common.hpp"

#include <vector>

namespace cli {

class FieldStats {
public:
    // probe: any view of the format (its fields). Fails when the format has
    // no numeric field.
    explicit FieldStats(const mv_view *probe);

    // Adds the items of `flat`, a C-contiguous 1-D view of the format. Every
    // view but the last must hold a multiple of BLOCK items.
    void add(const mv_view *flat, unsigned threads);

    const std::vector<mv_field_info> &fields() const { return fields_; }
    const std::vector<Summary> &sums() const { return sums_; }
    uint64_t items() const { return items_; }
    // Some field goes through mv_get(), item by item (about 10x slower).
    bool has_slow_fields() const { return !slow_.empty(); }

private:
    static constexpr size_t TASK_BLOCKS = 64;  // blocks a thread takes at a time
    // Block summaries of items [first, last) of flat (first a multiple of BLOCK).
    void summarise(const mv_view *flat, size_t first, size_t last);

    std::vector<mv_field_info> fields_;
    std::vector<Kernel> kernels_;
    std::vector<size_t> slow_;  // numeric fields read with mv_get()
    std::vector<Summary> sums_;
    std::vector<std::vector<Summary>> parts_;  // [field][block] of the current add()
    uint64_t items_ = 0;
};

}  // namespace cli
