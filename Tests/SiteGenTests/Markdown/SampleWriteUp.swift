/// A write-up page in the style of the site's content, using every markdown feature the pages use.
enum SampleWriteUp {
    static let markdown = #"""
    # Part B.1: Training a single-step denoiser

    We train a UNet $D_\theta$ to map a noisy image $z = x + \sigma\epsilon$, with
    $\epsilon \sim \mathcal{N}(0,\mathbf{I})$, back to the clean MNIST digit $x$. The loss is
    $$
    L = \mathbb{E}_{z,x} \left\lVert D_\theta(z) - x \right\rVert^2 .
    $$

    ## Forward process

    For Part A the forward process is $x_t = \sqrt{\bar\alpha_t} x_0 + \sqrt{1-\bar\alpha_t}\,\epsilon$ and the
    one-step estimate of the clean image is

    $$\hat{x}_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\epsilon_\theta(x_t, t)}{\sqrt{\bar\alpha_t}}.$$

    $$
    \begin{aligned}
    \beta_t &= 1 - \frac{\bar\alpha_t}{\bar\alpha_{t-1}} \\
    \sigma_t^2 &= \begin{cases} \beta_t & \text{DDPM} \\ 0 & \text{DDIM} \end{cases}
    \end{aligned}
    $$

    | $\sigma$ | MSE | note |
    |:--|--:|---|
    | 0.0 | 0.000 | identity |
    | 0.5 | 0.012 | `sigma_train` |

    1. Sample $t \sim \mathcal{U}\{1, \ldots, T\}$.
    2. Take a gradient step on $\nabla_\theta \lVert \epsilon - \epsilon_\theta(x_t, t) \rVert^2$.

    - CFG: $\epsilon = \epsilon_u + \gamma (\epsilon_c - \epsilon_u)$ with $\gamma = 7$
    - Inpainting keeps $m \odot x_t + (1 - m) \odot \text{forward}(x_{orig}, t)$

    > The sum $\sum_{i=1}^{n} \frac{1}{2^i}$ approaches 1; in display style
    > $$\sum_{i=1}^{n} \frac{1}{2^i} = 1 - \left( \frac{1}{2} \right)^n$$

    ![Denoised samples](figures/b-1-2-denoised.png "Denoised at sigma 0.5")

    See the [course page](https://cal-cs180.github.io/fa24/hw/proj5/partb.html?a=1&b=2) and
    <https://arxiv.org/abs/2006.11239>. Prices like $5 and \$10 are not math; x < y is text.<br>
    Code: `alphas_cumprod[t]` and

    ```python
    def forward(im, t):
        return alphas_cumprod[t] ** 0.5 * im  # $not math$ & <tags>
    ```

    <div class="figure-row">
    <img src="figures/a.png" alt="a">
    </div>
    """#
}
