#include "fieldstats.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <system_error>
#include <thread>

namespace cli {

FieldStats::FieldStats(const mv_view *probe) {
    // Each field's place in the item, from the library (no format parsing here).
    fields_.resize(mv_nfields(probe));
    for (size_t k = 0; k < fields_.size(); ++k) {
        int rc = mv_field(probe, k, &fields_[k]);
        if (rc != MV_OK) fail("cannot locate field " + std::to_string(k) + ": " + lib_problem(rc));
    }
    size_t itemsize = mv_itemsize(probe);
    kernels_.assign(fields_.size(), nullptr);
    bool any_numeric = false;
    for (size_t k = 0; k < fields_.size(); ++k) {
        if (fields_[k].kind == MV_KIND_BYTES) continue;
        any_numeric = true;
        kernels_[k] = pick_kernel(fields_[k], itemsize);
        if (!kernels_[k]) slow_.push_back(k);
    }
    if (!any_numeric) fail("format '" + std::string(mv_format(probe)) + "' has no numeric field");
    sums_.resize(fields_.size());
    parts_.resize(fields_.size());
}

void FieldStats::summarise(const mv_view *flat, size_t first, size_t last) {
    size_t itemsize = mv_itemsize(flat);
    const auto *items = static_cast<const unsigned char *>(mv_data(flat));
    for (size_t k = 0; k < fields_.size(); ++k)
        if (kernels_[k])
            kernels_[k](items + first * itemsize + fields_[k].offset, itemsize, last - first,
                        parts_[k].data() + first / BLOCK);
    if (slow_.empty()) return;
    std::vector<mv_value> vals(fields_.size());
    for (size_t start = first; start < last; start += BLOCK) {
        size_t end = last - start < BLOCK ? last : start + BLOCK;
        for (size_t k : slow_) parts_[k][start / BLOCK] = Summary{};
        for (size_t i = start; i < end; ++i) {
            ptrdiff_t idx = static_cast<ptrdiff_t>(i);
            int rc = mv_get(flat, &idx, 1, vals.data(), vals.size());
            if (rc != MV_OK) fail("cannot read item " + std::to_string(items_ + i) + ": " + lib_problem(rc));
            for (size_t k : slow_) add_value(parts_[k][start / BLOCK], vals[k]);
        }
    }
}

void FieldStats::add(const mv_view *flat, unsigned threads) {
    if (items_ % BLOCK != 0) fail("internal error: stats fed a partial block before more items");
    size_t itemsize = mv_itemsize(flat);
    size_t count = itemsize ? mv_nbytes(flat) / itemsize : 0;
    size_t nblocks = (count + BLOCK - 1) / BLOCK;
    for (auto &p : parts_) p.resize(nblocks);

    // The blocks go in tasks of TASK_BLOCKS, taken in turn by whichever
    // thread is free: a thread that starts late (its core busy with other
    // work) takes fewer, and the others do the rest.
    size_t ntasks = (nblocks + TASK_BLOCKS - 1) / TASK_BLOCKS;
    size_t nthreads = std::min<size_t>(threads < 1 ? 1 : threads, ntasks ? ntasks : 1);
    std::atomic<size_t> next{0};
    std::vector<std::exception_ptr> errors(nthreads);
    auto work = [&](size_t t) {
        try {
            for (size_t task; (task = next.fetch_add(1)) < ntasks;) {
                size_t first = task * TASK_BLOCKS * BLOCK;
                summarise(flat, first, std::min(count, first + TASK_BLOCKS * BLOCK));
            }
        } catch (...) {
            errors[t] = std::current_exception();
            next.store(ntasks);  // the others stop too
        }
    };
    std::vector<std::thread> workers;
    for (size_t t = 1; t < nthreads; ++t) {
        try {
            workers.emplace_back(work, t);
        } catch (const std::system_error &) {
            break;  // no more threads to be had: those running share the tasks
        }
    }
    work(0);
    for (auto &w : workers) w.join();
    for (auto &e : errors)
        if (e) std::rethrow_exception(e);

    for (size_t k = 0; k < fields_.size(); ++k)
        if (fields_[k].kind != MV_KIND_BYTES)
            for (size_t b = 0; b < nblocks; ++b) sums_[k].absorb(parts_[k][b]);
    items_ += count;
}

}  // namespace cli
