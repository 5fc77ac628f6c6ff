// A fixed set of threads that run handlers, so that no handler ever runs on a thread that
// reads or writes sockets. Bounded: when it is full a request is refused (503), not queued
// without end.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace annuaire::http {

class WorkerPool {
public:
    // max_waiting: jobs that may wait for a thread; 0 = run only when a thread is free.
    WorkerPool(int threads, std::size_t max_waiting);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False (and the job not taken) when the pool is full or stopping. Jobs must not throw.
    bool try_submit(std::function<void()> job);
    // Lets running jobs finish, drops waiting ones, joins the threads.
    void stop();

private:
    void run();

    const std::size_t capacity_;   // threads + max_waiting
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    std::size_t in_flight_ = 0;    // waiting + running
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace annuaire::http
