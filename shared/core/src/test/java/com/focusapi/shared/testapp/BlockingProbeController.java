package com.focusapi.shared.testapp;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A request that stays in flight until the test lets it go, so a test can read the in-progress gauge during it. */
@Controller("/test/blocking")
public class BlockingProbeController {
    /** Counted down once the request is inside the controller. */
    public static volatile CountDownLatch entered = new CountDownLatch(1);
    /** The request returns once this is counted down (or after 30 s). */
    public static volatile CountDownLatch release = new CountDownLatch(1);

    @Get
    public String block() throws InterruptedException {
        entered.countDown();
        release.await(30, TimeUnit.SECONDS);
        return "released";
    }
}
