package io.extauth.simulator.faults;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class FaultsWebConfiguration implements WebMvcConfigurer {

    private final FaultInjector injector;

    FaultsWebConfiguration(FaultInjector injector) {
        this.injector = injector;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new FaultInterceptor(injector));
    }
}
