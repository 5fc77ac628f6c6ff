#include "http/worker_pool.hpp"

namespace annuaire::http {

WorkerPool::WorkerPool(int threads, std::size_t max_waiting) : capacity_(static_cast<std::size_t>(threads) + max_waiting) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::try_submit(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || in_flight_ >= capacity_) return false;
        ++in_flight_;
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
        in_flight_ -= jobs_.size();
        jobs_.clear();
    }
    wake_.notify_all();
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
    threads_.clear();
}

void WorkerPool::run() {
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
        job = nullptr;   // release what the job held before counting it done
        std::lock_guard lock(mutex_);
        --in_flight_;
    }
}

}  // namespace annuaire::http
