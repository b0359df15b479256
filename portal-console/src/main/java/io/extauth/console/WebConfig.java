package io.extauth.console;

import io.extauth.console.signin.SignedIn;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SignedIn())
                .excludePathPatterns("/sign-in", "/console.css", "/webjars/**", "/error", "/favicon.ico");
    }
}
